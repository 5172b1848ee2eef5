package org.crisisline.routing.market;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import org.crisisline.events.Need;
import org.crisisline.events.Urgency;
import org.crisisline.routing.rules.EscalationLadder;
import org.crisisline.routing.rules.ImminentRiskPolicy;
import org.crisisline.routing.rules.PagingLadder;
import org.crisisline.routing.rules.SpecialtyRelaxation;
import org.crisisline.routing.rules.WaitingOrder;

/**
 * Routing policy as data: SLAs, offer timeouts, aging, specialty relaxation, need-to-pool
 * mapping, TTLs, backup regions and the emergency pool. Loaded from the classpath file
 * {@code routing-policy.properties}, then overridden key by key by an optional file
 * ({@code CRISISLINE_ROUTING_POLICY}). Plain Java: no Kafka. The rules that use these values
 * are in {@code org.crisisline.routing.rules}; this class builds them from the configuration.
 *
 * <p>The effective settings are checked against {@link PolicySchema} when a policy is made (an
 * unknown key, a malformed value or a backup naming a missing region throws
 * {@link PolicyValidator.InvalidPolicyException}), and get a {@link #version()}: the first 12 hex
 * digits of the SHA-256 of their sorted {@code key=value} lines, stamped on every decision.
 */
public final class RoutingPolicy {
  /** Pool name for requests served from the directory instead of by a responder. */
  public static final String DIRECTORY = "DIRECTORY";
  static final String DEFAULTS = "/routing-policy.properties";
  /** The environment variable of the regions intake used to be told; must agree with {@code regions}. */
  public static final String REGIONS_ENV = "CRISISLINE_REGIONS";

  private final SortedMap<String, String> props;
  private final Map<String, String> sourceOf;
  private final String version;
  private final Map<Urgency, Duration> offerTimeout = new EnumMap<>(Urgency.class);
  private final Map<Urgency, Integer> offerParallel = new EnumMap<>(Urgency.class);
  private final Map<Urgency, Duration> sla = new EnumMap<>(Urgency.class);
  private final Map<Urgency, Duration> aging = new EnumMap<>(Urgency.class);
  private final Map<Urgency, Duration> ttl = new EnumMap<>(Urgency.class);
  private final Map<Need, String> pools = new EnumMap<>(Need.class);
  private final List<String> regions;
  private final ImminentRiskPolicy imminentRisk;
  private final WaitingOrder waitingOrder;
  private final SpecialtyRelaxation specialtyRelaxation;
  private final EscalationLadder escalationLadder;
  private final PagingLadder pagingLadder;

  private RoutingPolicy(SortedMap<String, String> settings, Map<String, String> sourceOf) {
    PolicyValidator.validate(settings, sourceOf);
    this.props = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
    this.sourceOf = Map.copyOf(sourceOf);
    this.version = versionOf(props);
    for (Urgency u : Urgency.values()) {
      offerTimeout.put(u, seconds("offer.timeout." + u, 60));
      offerParallel.put(u, Integer.parseInt(props.getOrDefault("offer.parallel." + u,
          u == Urgency.IMMINENT_RISK ? "3" : "1")));
      sla.put(u, seconds("sla." + u, 300));
      aging.put(u, seconds("aging." + u, 0));
      ttl.put(u, seconds("ttl." + u, 86400));
    }
    for (Need n : Need.values()) {
      pools.put(n, props.getOrDefault("pool." + n, n == Need.REFERRAL ? DIRECTORY : "HOTLINE_COUNSELLOR"));
    }
    regions = csv("regions");
    imminentRisk = new ImminentRiskPolicy(props.getOrDefault("pool.imminent", "HOTLINE_COUNSELLOR"));
    waitingOrder = new WaitingOrder(aging, imminentRisk);
    specialtyRelaxation = new SpecialtyRelaxation(csv("specialties"), seconds("specialty.relax.after", 120),
        imminentRisk);
    escalationLadder = new EscalationLadder(imminentRisk);
    pagingLadder = new PagingLadder(pageSteps(), pageAckTimeout(), pageRepeat());
  }

  /** The classpath defaults. */
  public static RoutingPolicy defaults() {
    return load(Optional.empty());
  }

  /** Classpath defaults overridden by the keys of {@code override}, when given; validated. */
  public static RoutingPolicy load(Optional<Path> override) {
    SortedMap<String, String> settings = new TreeMap<>();
    Map<String, String> sourceOf = new HashMap<>();
    try (InputStream in = RoutingPolicy.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("routing policy defaults missing from classpath: " + DEFAULTS);
      }
      read(in, "classpath:" + DEFAULTS, settings, sourceOf);
      if (override.isPresent()) {
        try (InputStream o = Files.newInputStream(override.get())) {
          read(o, override.get().toString(), settings, sourceOf);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read routing policy", e);
    }
    return new RoutingPolicy(settings, sourceOf);
  }

  private static void read(InputStream in, String source, Map<String, String> settings, Map<String, String> sourceOf)
      throws IOException {
    Properties p = new Properties();
    p.load(in);
    if (p.getProperty("regions") != null) {
      dropBackups(settings, sourceOf);
    }
    p.stringPropertyNames().forEach(k -> {
      settings.put(k.trim(), p.getProperty(k).trim());
      sourceOf.put(k.trim(), source);
    });
  }

  /**
   * Regions and their backups go together: a layer (file, overrides) that sets {@code regions}
   * replaces the backups set before it, so a file for other regions need not unset the defaults'.
   */
  private static void dropBackups(Map<String, String> settings, Map<String, String> sourceOf) {
    settings.keySet().removeIf(k -> k.startsWith("backup."));
    sourceOf.keySet().removeIf(k -> k.startsWith("backup."));
  }

  /** These settings with the given keys changed; for tests and embedding. Validated like a file. */
  public RoutingPolicy with(Map<String, String> overrides) {
    SortedMap<String, String> settings = new TreeMap<>(props);
    Map<String, String> sources = new HashMap<>(sourceOf);
    if (overrides.containsKey("regions")) {
      dropBackups(settings, sources);
    }
    overrides.forEach((k, v) -> {
      settings.put(k.trim(), v.trim());
      sources.put(k.trim(), "with(...)");
    });
    return new RoutingPolicy(settings, sources);
  }

  /** The effective settings, sorted by key. */
  public SortedMap<String, String> settings() {
    return props;
  }

  /** 12 hex digits identifying the effective settings: equal settings, equal version. */
  public String version() {
    return version;
  }

  /**
   * Refuses a {@code CRISISLINE_REGIONS} (when set) that names other regions than {@code regions}:
   * the policy is the one source of regions, an environment that disagrees is a mistake.
   */
  public void requireRegionsAgree(Map<String, String> env) {
    String declared = env.get(REGIONS_ENV);
    if (declared == null || declared.isBlank()) {
      return;
    }
    var fromEnv = new LinkedHashSet<>(PolicySchema.csv(declared));
    if (!fromEnv.equals(new LinkedHashSet<>(regions))) {
      throw new PolicyValidator.InvalidPolicyException(List.of(REGIONS_ENV + "=" + declared
          + " disagrees with the policy's 'regions' = " + String.join(",", regions) + " ("
          + sourceOf.getOrDefault("regions", "?") + "); the policy is the one source of regions: unset "
          + REGIONS_ENV + " or make them equal"));
    }
  }

  static String versionOf(SortedMap<String, String> settings) {
    StringBuilder b = new StringBuilder();
    settings.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }

  public Duration offerTimeout(Urgency u) {
    return offerTimeout.get(u);
  }

  /** How many eligible responders a request of this urgency is offered to at once (the first accept wins). */
  public int offerParallel(Urgency u) {
    return offerParallel.get(u);
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
    return Long.parseLong(props.getOrDefault("snapshot.min.interval.millis", "1000"));
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

  /** The alert state machine of {@code page.steps}, {@code page.ack.timeout} and {@code page.repeat}. */
  public PagingLadder pagingLadder() {
    return pagingLadder;
  }

  /** Schedule ids paged at step 1, 2, ... of an alert ({@code page.steps}). */
  public List<String> pageSteps() {
    List<String> steps = csv("page.steps");
    return steps.isEmpty() ? List.of("supervisors") : steps;
  }

  /** How long a step waits for an acknowledgement before the next one pages ({@code page.ack.timeout}). */
  public Duration pageAckTimeout() {
    return seconds("page.ack.timeout", 120);
  }

  /** How many times the whole list of steps repeats after the first pass ({@code page.repeat}). */
  public int pageRepeat() {
    return Integer.parseInt(props.getOrDefault("page.repeat", "2"));
  }

  /** How many distinct responders declining or missing an IMMINENT_RISK request raise an alert. */
  public int pageAfterMisses() {
    return Integer.parseInt(props.getOrDefault("page.after.misses", "2"));
  }

  public Optional<String> backupRegion(String region) {
    String b = props.getOrDefault("backup." + region, "");
    return b.isEmpty() || b.equals(region) ? Optional.empty() : Optional.of(b);
  }

  public Optional<String> emergencyRegion() {
    String e = props.getOrDefault("emergency.region", "");
    return e.isEmpty() ? Optional.empty() : Optional.of(e);
  }

  /** Regions a service with only postal prefixes is offered to. */
  public List<String> regions() {
    return regions;
  }

  Duration seconds(String key, long dflt) {
    String v = props.get(key);
    return Duration.ofSeconds(v == null ? dflt : Long.parseLong(v));
  }

  private List<String> csv(String key) {
    return PolicySchema.csv(props.getOrDefault(key, ""));
  }
}
