/**
 * The routing rules, one small plain-Java class each (no Kafka, no Vert.x), each with its unit
 * test beside it in the test tree. The engine in {@code routing.market} composes them; changing
 * a policy means changing one of these files (or a value in {@code routing-policy.properties}).
 *
 * <ul>
 *   <li>{@link org.crisisline.routing.rules.Eligibility}: who may be offered a request (language,
 *       specialty, capacity, status).</li>
 *   <li>{@link org.crisisline.routing.rules.WaitingOrder}: which waiting request goes first
 *       (urgency and aging).</li>
 *   <li>{@link org.crisisline.routing.rules.ResponderChoice}: which eligible responder gets it
 *       (longest idle, then fewest active).</li>
 *   <li>{@link org.crisisline.routing.rules.ImminentRiskPolicy}: everything that is different for
 *       a person at imminent risk.</li>
 *   <li>{@link org.crisisline.routing.rules.SpecialtyRelaxation}: how long a specialty preference
 *       is honoured.</li>
 *   <li>{@link org.crisisline.routing.rules.EscalationLadder}: what happens at each SLA breach.</li>
 *   <li>{@link org.crisisline.routing.rules.PagingLadder}: the life of an alert: who is paged at
 *       each step, when the next step pages, acknowledgement and resolution.</li>
 *   <li>{@link org.crisisline.routing.rules.ReferralEligibility}: which directory services may take
 *       a referral.</li>
 *   <li>{@link org.crisisline.routing.rules.FollowUpPlan}: when a caller who consented hears from a
 *       peer after their request ended.</li>
 *   <li>{@link org.crisisline.routing.rules.FollowUpRetry}: whether a follow-up is tried again after
 *       its outcome.</li>
 * </ul>
 */
package org.crisisline.routing.rules;
