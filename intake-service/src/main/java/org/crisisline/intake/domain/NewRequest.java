package org.crisisline.intake.domain;

import java.util.List;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.CallerContact;
import org.crisisline.events.Channel;
import org.crisisline.events.Need;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.RiskScreen;
import org.crisisline.events.Urgency;

/**
 * A validated POST /api/v1/requests body, still in plaintext (sealed before publishing).
 * {@code riskScreen} is the C-SSRS screener when staff recorded it at intake, else null;
 * {@code serviceId} the directory service staff chose for a REFERRAL, else null.
 */
public record NewRequest(
    Channel channel,
    Urgency urgency,
    Need need,
    ReferralKind referralKind,
    String language,
    String region,
    String postalCode,
    AgeGroup ageGroup,
    List<String> specialties,
    String summary,
    CallerContact callerContact,
    RiskScreen riskScreen,
    String serviceId) {

  @Override
  public String toString() {
    // Summary and contact are PII; keep them out of any accidental log line.
    return "NewRequest[" + channel + "," + urgency + "," + need + "," + region + "]";
  }
}
