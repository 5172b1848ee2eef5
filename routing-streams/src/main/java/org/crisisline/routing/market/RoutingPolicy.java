package org.crisisline.routing.market;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.crisisline.events.Need;
import org.crisisline.events.Urgency;
import org.crisisline.routing.rules.EscalationLadder;
import org.crisisline.routing.rules.ImminentRiskPolicy;
import org.crisisline.routing.rules.SpecialtyRelaxation;
import org.crisisline.routing.rules.WaitingOrder;

/**
 * Routing policy as data: SLAs, offer timeouts, aging, specialty relaxation, need-to-pool
 * mapping, TTLs, backup regions and the emergency pool. Loaded from the classpath file
 * {@code routing-policy.properties}, then overridden key by key by an optional file
 * ({@code CRISISLINE_ROUTING_POLICY}). Plain Java: no Kafka. The rules that use these values
 * are in {@code org.crisisline.routing.rules}; this class builds them from the configuration.
 */
public final class RoutingPolicy {
  /** Pool name for requests served from the directory instead of by a responder. */
  public static final String DIRECTORY = "DIRECTORY";
  static final String DEFAULTS = "/routing-policy.properties";

  private final Properties props;
  private final Map<Urgency, Duration> offerTimeout = new EnumMap<>(Urgency.class);
  private final Map<Urgency, Duration> sla = new EnumMap<>(Urgency.class);
  private final Map<Urgency, Duration> aging = new EnumMap<>(Urgency.class);
  private final Map<Urgency, Duration> ttl = new EnumMap<>(Urgency.class);
  private final Map<Need, String> pools = new EnumMap<>(Need.class);
  private final List<String> regions;
  private final ImminentRiskPolicy imminentRisk;
  private final WaitingOrder waitingOrder;
  private final SpecialtyRelaxation specialtyRelaxation;
  private final EscalationLadder escalationLadder;

  private RoutingPolicy(Properties props) {
    this.props = props;
    for (Urgency u : Urgency.values()) {
      offerTimeout.put(u, seconds("offer.timeout." + u, 60));
      sla.put(u, seconds("sla." + u, 300));
      aging.put(u, seconds("aging." + u, 0));
      ttl.put(u, seconds("ttl." + u, 86400));
    }
    for (Need n : Need.values()) {
      pools.put(n, props.getProperty("pool." + n, n == Need.REFERRAL ? DIRECTORY : "HOTLINE_COUNSELLOR").trim());
    }
    regions = csv("regions");
    imminentRisk = new ImminentRiskPolicy(props.getProperty("pool.imminent", "HOTLINE_COUNSELLOR").trim());
    waitingOrder = new WaitingOrder(aging, imminentRisk);
    specialtyRelaxation = new SpecialtyRelaxation(csv("specialties"), seconds("specialty.relax.after", 120),
        imminentRisk);
    escalationLadder = new EscalationLadder(imminentRisk);
  }

  /** The classpath defaults. */
  public static RoutingPolicy defaults() {
    return load(Optional.empty());
  }

  /** Classpath defaults overridden by the keys of {@code override}, when given. */
  public static RoutingPolicy load(Optional<Path> override) {
    Properties p = new Properties();
    try (InputStream in = RoutingPolicy.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("routing policy defaults missing from classpath: " + DEFAULTS);
      }
      p.load(in);
      if (override.isPresent()) {
        try (InputStream o = Files.newInputStream(override.get())) {
          p.load(o);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read routing policy", e);
    }
    return new RoutingPolicy(p);
  }

  /** These defaults with the given keys changed; for tests and embedding. */
  public RoutingPolicy with(Map<String, String> overrides) {
    Properties p = new Properties();
    p.putAll(props);
    p.putAll(overrides);
    return new RoutingPolicy(p);
  }

  public Duration offerTimeout(Urgency u) {
    return offerTimeout.get(u);
  }

  public Duration sla(Urgency u) {
    return sla.get(u);
  }

  public Duration ttl(Urgency u) {
    return ttl.get(u);
  }

  public Duration acceptedTtl() {
    return seconds("ttl.accepted", 43200);
  }

  public Duration retainTerminal() {
    return seconds("retain.terminal", 3600);
  }

  public Duration referralRetry() {
    return seconds("referral.retry", 60);
  }

  public Duration snapshotRefresh() {
    return seconds("snapshot.refresh", 15);
  }

  public long snapshotMinIntervalMillis() {
    return Long.parseLong(props.getProperty("snapshot.min.interval.millis", "1000").trim());
  }

  /** The pool serving a request: that of its need ({@code pool.<need>}), but see {@link ImminentRiskPolicy}. */
  public String poolFor(Urgency urgency, Need need) {
    return imminentRisk.poolFor(urgency, pools.get(need));
  }

  public ImminentRiskPolicy imminentRisk() {
    return imminentRisk;
  }

  public WaitingOrder waitingOrder() {
    return waitingOrder;
  }

  public SpecialtyRelaxation specialtyRelaxation() {
    return specialtyRelaxation;
  }

  public EscalationLadder escalationLadder() {
    return escalationLadder;
  }

  public Optional<String> backupRegion(String region) {
    String b = props.getProperty("backup." + region, "").trim();
    return b.isEmpty() || b.equals(region) ? Optional.empty() : Optional.of(b);
  }

  public Optional<String> emergencyRegion() {
    String e = props.getProperty("emergency.region", "").trim();
    return e.isEmpty() ? Optional.empty() : Optional.of(e);
  }

  /** Regions a service with only postal prefixes is offered to. */
  public List<String> regions() {
    return regions;
  }

  private Duration seconds(String key, long dflt) {
    String v = props.getProperty(key);
    return Duration.ofSeconds(v == null ? dflt : Long.parseLong(v.trim()));
  }

  private List<String> csv(String key) {
    return Arrays.stream(props.getProperty(key, "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
