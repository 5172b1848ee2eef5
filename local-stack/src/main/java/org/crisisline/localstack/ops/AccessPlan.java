package org.crisisline.localstack.ops;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;

/**
 * The one ACL plan of a secured cluster: each service principal gets exactly the topics it reads and
 * writes, its consumer group and its transactional ids; nothing else (the authorizer denies what no
 * ACL allows). The admin principal is a broker super user and needs no ACL. Used by
 * {@code ./crisisline acls}, by the security system test, and mirrored line by line in
 * docker-compose.yml's kafka-init (a test compares them).
 *
 * <p>READ and WRITE imply DESCRIBE, which is all the metadata the clients ask for. Routing is a
 * Kafka Streams application: everything named after its application id (internal changelog and
 * repartition topics, the {@code -markets} topic it creates, its group, its exactly-once
 * transactional ids) is granted by prefix.
 */
public record AccessPlan(String routingApplicationId, String notifierGroup, String intakeClientId) {

  public static final String ROUTING = "routing";
  public static final String NOTIFIER = "notifier";
  public static final String INTAKE = "intake";

  /** Ids the services use when their env leaves them at the defaults. */
  public static final AccessPlan DEFAULT = new AccessPlan("crisisline-routing", "crisisline-notifier", "intake");

  /** One allowed operation for one principal on one resource pattern. */
  public record Grant(String user, ResourceType type, PatternType pattern, String name, AclOperation operation) {
    public AclBinding binding() {
      return new AclBinding(new ResourcePattern(type, name, pattern),
          new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    /** The same grant as kafka-acls.sh arguments (docker-compose's init script). */
    public String cliArguments() {
      String resource = switch (type) {
        case TOPIC -> "--topic";
        case GROUP -> "--group";
        case TRANSACTIONAL_ID -> "--transactional-id";
        default -> throw new IllegalStateException("no kafka-acls flag for " + type);
      };
      return "--allow-principal User:" + user + " --operation " + cliOperation() + " " + resource + " " + name
          + (pattern == PREFIXED ? " --resource-pattern-type prefixed" : "");
    }

    private String cliOperation() {
      return switch (operation) {
        case ALL -> "All";
        case READ -> "Read";
        case WRITE -> "Write";
        default -> operation.name();
      };
    }
  }

  public List<Grant> grants() {
    List<Grant> g = new ArrayList<>();
    // intake: writes the people-facing commands, reads back every view it serves; no consumer group
    // (it assigns partitions); its request log is transactional.
    write(g, INTAKE, Topics.HELP_REQUESTS, Topics.RESPONDERS, Topics.RESPONDER_STATUS, Topics.DIRECTORY,
        Topics.OFFER_ANSWERS, Topics.AUDIT, Topics.IDEMPOTENCY_KEYS, Topics.DEAD_LETTERS,
        Topics.SESSION_REVOCATIONS, Topics.ONCALL_SCHEDULES, Topics.ONCALL_PEOPLE, Topics.ALERT_ACKS, Topics.DATA_KEYS);
    read(g, INTAKE, Topics.HELP_REQUESTS, Topics.REQUEST_STATUS, Topics.OFFERS, Topics.OFFER_ANSWERS,
        Topics.SMS_REPLIES, Topics.RESPONDERS, Topics.RESPONDER_STATUS, Topics.DIRECTORY, Topics.QUEUE_SNAPSHOTS,
        Topics.IDEMPOTENCY_KEYS, Topics.AUDIT, Topics.SESSION_REVOCATIONS, Topics.ROUTING_POLICY,
        Topics.ONCALL_SCHEDULES, Topics.ONCALL_PEOPLE, Topics.ALERTS, Topics.DELIVERIES, Topics.FOLLOW_UPS,
        Topics.CONSENT_WITHDRAWALS, Topics.DATA_KEYS);
    g.add(new Grant(INTAKE, TRANSACTIONAL_ID, PREFIXED, intakeClientId + "-request-log-", WRITE));
    // notifier: reads offers (in its group) and the contact/ledger topics; writes outcomes and SMS
    // replies, which carry only a decision, to their own topics: it cannot write offer-answers or
    // alert-acks. It pages the people routing names on alerts, from their oncall-people contact.
    // A caller's STOP goes to consent-withdrawals as a keyed hash; the caring message is sent from follow-ups,
    // its contact opened with the request's data key (data-keys).
    write(g, NOTIFIER, Topics.DELIVERIES, Topics.SMS_REPLIES, Topics.NOTIFIER_SENDS, Topics.DEAD_LETTERS,
        Topics.SMS_ALERT_ACKS, Topics.CONSENT_WITHDRAWALS);
    read(g, NOTIFIER, Topics.OFFERS, Topics.RESPONDERS, Topics.DIRECTORY, Topics.NOTIFIER_SENDS,
        Topics.OFFER_ANSWERS, Topics.SMS_REPLIES, Topics.REQUEST_STATUS, Topics.ALERTS, Topics.ONCALL_PEOPLE,
        Topics.FOLLOW_UPS, Topics.DATA_KEYS);
    g.add(new Grant(NOTIFIER, GROUP, LITERAL, notifierGroup, READ));
    // routing: reads requests, answers, deliveries, responder state and the on-call schedules (it
    // resolves who to page from them); the only writer of decisions; publishes its policy and reads
    // its peers' (assigned, no group); reads back every region's queue snapshots (a global store: is
    // anyone available in the backup or emergency region another instance holds?).
    read(g, ROUTING, Topics.HELP_REQUESTS, Topics.OFFER_ANSWERS, Topics.SMS_REPLIES, Topics.DELIVERIES, Topics.RESPONDERS,
        Topics.RESPONDER_STATUS, Topics.DIRECTORY, Topics.ROUTING_POLICY, Topics.ONCALL_SCHEDULES,
        Topics.ALERT_ACKS, Topics.SMS_ALERT_ACKS, Topics.QUEUE_SNAPSHOTS);
    write(g, ROUTING, Topics.OFFERS, Topics.REQUEST_STATUS, Topics.QUEUE_SNAPSHOTS, Topics.DEAD_LETTERS,
        Topics.ROUTING_POLICY, Topics.ALERTS, Topics.FOLLOW_UPS);
    g.add(new Grant(ROUTING, TOPIC, PREFIXED, routingApplicationId, ALL));
    g.add(new Grant(ROUTING, GROUP, PREFIXED, routingApplicationId, READ));
    g.add(new Grant(ROUTING, TRANSACTIONAL_ID, PREFIXED, routingApplicationId, WRITE));
    return List.copyOf(g);
  }

  public List<AclBinding> bindings() {
    return grants().stream().map(Grant::binding).toList();
  }

  /** The service principals, each of which gets a SCRAM-SHA-512 credential. */
  public static List<String> users() {
    return List.of(INTAKE, NOTIFIER, ROUTING);
  }

  private static void read(List<Grant> g, String user, Topic<?, ?>... topics) {
    for (Topic<?, ?> t : topics) {
      g.add(new Grant(user, TOPIC, LITERAL, t.name(), READ));
    }
  }

  private static void write(List<Grant> g, String user, Topic<?, ?>... topics) {
    for (Topic<?, ?> t : topics) {
      g.add(new Grant(user, TOPIC, LITERAL, t.name(), WRITE));
    }
  }
}
