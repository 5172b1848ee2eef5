package org.crisisline.routing.rules;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;

/**
 * What happens when a request's SLA is breached. Breach {@code k} (1 to {@link #MAX_BREACHES})
 * comes at {@code k x sla(urgency)} after logging, while the request is still waiting or offered.
 * At each breach the first rung of {@link #RUNGS} that applies and was not taken yet is taken:
 * <ol>
 *   <li>{@link Rung#RELAX_SPECIALTY}: the request still waits for a specialist: drop that;</li>
 *   <li>{@link Rung#ROLL_OVER}: the region has a backup region: move there (once);</li>
 *   <li>{@link Rung#ALERT_SUPERVISOR}: imminent risk ({@link ImminentRiskPolicy#alertsSupervisor}):
 *       alert supervisors (once), and move to the emergency pool's region when one is set.</li>
 * </ol>
 * When no rung applies, the first breach is still recorded ({@link Decision.BreachOnly}); later
 * ones change nothing. To page the supervisor one step earlier, move
 * {@link Rung#ALERT_SUPERVISOR} up in {@link #RUNGS}.
 */
public final class EscalationLadder {
  /** How many breaches are acted on: enough for every rung to be reached. */
  public static final int MAX_BREACHES = 3;

  public enum Rung { RELAX_SPECIALTY, ROLL_OVER, ALERT_SUPERVISOR }

  /** The order rungs are tried in at each breach. */
  public static final List<Rung> RUNGS = List.of(Rung.RELAX_SPECIALTY, Rung.ROLL_OVER, Rung.ALERT_SUPERVISOR);

  /** The facts about one request at one breach that the ladder looks at. */
  public record Situation(int breach, Urgency urgency, boolean waitsForSpecialist, boolean rolledOver,
      boolean alerted, Optional<String> backupRegion, Optional<String> emergencyRegion) {}

  /** What to do at a breach, as data; {@link #kind()} and {@link #step()} go on the status event. */
  public sealed interface Decision {
    StatusKind kind();

    EscalationStep step();

    record RelaxSpecialty() implements Decision {
      public StatusKind kind() { return StatusKind.ESCALATION; }
      public EscalationStep step() { return EscalationStep.SPECIALTY_RELAXED; }
    }

    record RollOver(String region) implements Decision {
      public StatusKind kind() { return StatusKind.ESCALATION; }
      public EscalationStep step() { return EscalationStep.ROLLED_OVER; }
    }

    /** Alert supervisors; {@code moveTo} the emergency pool's region when there is one. */
    record AlertSupervisor(Optional<String> moveTo) implements Decision {
      public StatusKind kind() { return StatusKind.ALERT; }
      public EscalationStep step() {
        return moveTo.isPresent() ? EscalationStep.MOVED_TO_POOL : EscalationStep.SUPERVISOR_ALERT;
      }
    }

    /** Record the breach; nothing else is left to do. */
    record BreachOnly() implements Decision {
      public StatusKind kind() { return StatusKind.ESCALATION; }
      public EscalationStep step() { return EscalationStep.SLA_BREACH; }
    }
  }

  private final ImminentRiskPolicy imminentRisk;
  private final List<Rung> rungs;

  public EscalationLadder(ImminentRiskPolicy imminentRisk) {
    this(imminentRisk, RUNGS);
  }

  EscalationLadder(ImminentRiskPolicy imminentRisk, List<Rung> rungs) {
    this.imminentRisk = imminentRisk;
    this.rungs = List.copyOf(rungs);
  }

  /** The decision at this breach; empty when nothing changes (a later breach, no rung left). */
  public Optional<Decision> at(Situation s) {
    for (Rung rung : rungs) {
      Optional<Decision> d = take(rung, s);
      if (d.isPresent()) {
        return d;
      }
    }
    return s.breach() == 1 ? Optional.of(new Decision.BreachOnly()) : Optional.empty();
  }

  private Optional<Decision> take(Rung rung, Situation s) {
    return switch (rung) {
      case RELAX_SPECIALTY -> s.waitsForSpecialist() ? Optional.of(new Decision.RelaxSpecialty()) : Optional.empty();
      case ROLL_OVER -> s.rolledOver() ? Optional.empty() : s.backupRegion().map(Decision.RollOver::new);
      case ALERT_SUPERVISOR -> imminentRisk.alertsSupervisor(s.urgency()) && !s.alerted()
          ? Optional.of(new Decision.AlertSupervisor(s.emergencyRegion())) : Optional.empty();
    };
  }

  /** When breach {@code breach} of a request logged at {@code loggedAt} (epoch millis) comes. */
  public static long breachAt(long loggedAt, Duration sla, int breach) {
    return loggedAt + sla.toMillis() * breach;
  }

  /** Whether a breach after {@code breach} is still scheduled. */
  public static boolean hasBreachAfter(int breach) {
    return breach < MAX_BREACHES;
  }
}
