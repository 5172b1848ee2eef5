package org.crisisline.localstack.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.junit.jupiter.api.Test;

/** Who may write where: the plan the broker enforces (SecuredKafkaTest proves the broker does). */
class AccessPlanTest {

  private static List<String> topics(String user, AclOperation op) {
    return AccessPlan.DEFAULT.grants().stream()
        .filter(g -> g.user().equals(user) && g.type() == ResourceType.TOPIC && g.operation() == op)
        .map(AccessPlan.Grant::name).toList();
  }

  @Test
  void notifierCannotWriteOfferAnswers() {
    // The notifier answers for nobody: its SMS replies go to sms-replies, a decision and no more
    assertThat(topics(AccessPlan.NOTIFIER, AclOperation.WRITE))
        .doesNotContain(Topics.OFFER_ANSWERS.name())
        .contains(Topics.SMS_REPLIES.name());
  }

  @Test
  void offerAnswersAndSmsRepliesHaveOneWriterEach() {
    for (Topic<?, ?> topic : List.of(Topics.OFFER_ANSWERS, Topics.SMS_REPLIES)) {
      assertThat(AccessPlan.users()).filteredOn(u -> topics(u, AclOperation.WRITE).contains(topic.name()))
          .as(topic.name()).hasSize(1);
    }
    assertThat(topics(AccessPlan.INTAKE, AclOperation.WRITE)).contains(Topics.OFFER_ANSWERS.name())
        .doesNotContain(Topics.SMS_REPLIES.name());
  }

  @Test
  void routingReadsSmsReplies() {
    assertThat(topics(AccessPlan.ROUTING, AclOperation.READ)).contains(Topics.SMS_REPLIES.name());
  }
}
