package org.crisisline.intake.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.crisisline.events.LocalService;
import org.crisisline.events.ReferralOutcome;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.view.DirectoryView;
import org.crisisline.intake.view.ReferralRecord;
import org.crisisline.intake.view.ReferralView;

/**
 * GET /api/v1/referrals/board (supervisors): the referrals waiting for a service's answer, per
 * service, oldest first, and how referrals end — of the referred requests no longer waiting, the
 * share a service accepted; of those, the share it reports it connected with. Counted per request
 * (a referral that moved on from a declining service to one that accepted counts once, accepted).
 * Codes, ids and times only.
 */
public final class ReferralBoardRoutes implements Routes {
  private final Guard guard;
  private final ReferralView referrals;
  private final DirectoryView directory;
  private final Clock clock;

  public ReferralBoardRoutes(Guard guard, ReferralView referrals, DirectoryView directory, Clock clock) {
    this.guard = guard;
    this.referrals = referrals;
    this.directory = directory;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/referrals/board").handler(guard.roles(Principal.SUPERVISOR)).handler(this::board);
  }

  private void board(RoutingContext ctx) {
    Instant now = clock.instant();
    List<ReferralRecord> all = referrals.all();
    // all() is oldest first, so each service's list is too, and the service whose oldest referral
    // came first (waiting longest) comes first.
    Map<String, List<ReferralRecord>> waiting = all.stream()
        .filter(r -> r.state() == ReferralRecord.State.WAITING)
        .collect(Collectors.groupingBy(ReferralRecord::serviceId, LinkedHashMap::new, Collectors.toList()));
    List<Map<String, Object>> services = new ArrayList<>();
    waiting.forEach((serviceId, list) -> {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("serviceId", serviceId);
      s.put("name", directory.get(serviceId).map(LocalService::name).orElse(serviceId));
      s.put("waiting", list.stream().map(r -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", r.requestId());
        m.put("offerId", r.offer().offerId());
        m.put("offerCode", r.offer().offerCode());
        m.put("referralKind", r.offer().referralKind());
        m.put("urgency", r.offer().urgency());
        m.put("region", r.offer().region());
        m.put("referredAt", r.madeAt());
        m.put("waitingSeconds", r.madeAt() == null ? null : Math.max(0, Duration.between(r.madeAt(), now).toSeconds()));
        return m;
      }).toList());
      services.add(s);
    });
    Set<String> referred = new HashSet<>();
    Set<String> stillWaiting = new HashSet<>();
    Set<String> accepted = new HashSet<>();
    Set<String> connected = new HashSet<>();
    for (ReferralRecord r : all) {
      referred.add(r.requestId());
      if (r.state() == ReferralRecord.State.WAITING) {
        stillWaiting.add(r.requestId());
      } else if (r.state() == ReferralRecord.State.ACCEPTED) {
        accepted.add(r.requestId());
        if (r.outcome() == ReferralOutcome.CONNECTED) {
          connected.add(r.requestId());
        }
      }
    }
    Set<String> settled = new HashSet<>(referred);
    settled.removeAll(stillWaiting);
    settled.addAll(accepted);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("services", services);
    body.put("referred", referred.size());
    body.put("waiting", stillWaiting.size());
    body.put("accepted", accepted.size());
    body.put("connected", connected.size());
    body.put("acceptedShare", share(accepted.size(), settled.size()));
    body.put("connectedShare", share(connected.size(), accepted.size()));
    Http.json(ctx, 200, body);
  }

  private static Double share(int part, int of) {
    return of == 0 ? null : Math.round(1000.0 * part / of) / 1000.0;
  }
}
