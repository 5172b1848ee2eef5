package org.crisisline.localstack.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.crisisline.events.PiiCipher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./crisisline keys rotate}: puts a new AES-256 key in front of the PII keyring
 * ({@code CRISISLINE_PII_KEY} format {@code id:base64,...}, first = current). Old keys stay, so
 * records sealed before the rotation still open. Local stack: rewrites {@code pii.key} in
 * {@code $CRISISLINE_DATA_DIR/secrets.properties} (owner-only, atomically) and takes effect at the next
 * {@code up}. {@code --print} (or {@code CRISISLINE_PII_KEY} set in the environment): prints the new
 * keyring for the operator to store in their secret manager; nothing is written. Prints key ids only
 * otherwise, never key material.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, versionProvider = Ops.Version.class,
    description = "PII keyring. See: keys rotate --help", synopsisSubcommandLabel = "rotate")
final class KeysCommand {
  private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("'k'yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private KeysCommand() {}

  static CommandLine commandLine(Ops.Context ctx) {
    return new CommandLine(new KeysCommand()).addSubcommand(new CommandLine(new Rotate(ctx, Clock.systemUTC())));
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true, versionProvider = Ops.Version.class,
      description = {"Put a new AES-256 key in front of the PII keyring; older keys stay for reading.",
          "Local stack: rewrites pii.key in $CRISISLINE_DATA_DIR/secrets.properties (owner-only) for the next "
              + "./crisisline up, and prints key ids only.",
          "With --print, or CRISISLINE_PII_KEY set: prints the new keyring for your secret manager and writes nothing."})
  static final class Rotate implements Callable<Integer> {
    @Option(names = "--print", description = "Print the new keyring instead of writing it.")
    boolean print;

    private final Ops.Context ctx;
    private final Clock clock;

    Rotate(Ops.Context ctx, Clock clock) {
      this.ctx = ctx;
      this.clock = clock;
    }

    @Override
    public Integer call() {
      return rotate(print, ctx.env(), ctx.out(), clock);
    }
  }

  static int rotate(boolean printOnly, Map<String, String> env, PrintStream out, Clock clock) {
    String fromEnv = env.get("CRISISLINE_PII_KEY");
    boolean print = printOnly || (fromEnv != null && !fromEnv.isBlank());
    Path secrets = Path.of(env.getOrDefault("CRISISLINE_DATA_DIR", "./.crisisline")).resolve("secrets.properties");
    Properties props = load(secrets);
    String current = fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : props.getProperty("pii.key");
    if (current == null) {
      throw new IllegalStateException("no PII keyring: set CRISISLINE_PII_KEY or run ./crisisline up once ("
          + secrets + " has none)");
    }
    PiiCipher.fromKeyring(current); // refuse to extend a keyring that does not parse
    String id = ID.format(clock.instant());
    String rotated = PiiCipher.generateKeyring(id) + "," + current;
    PiiCipher.fromKeyring(rotated);
    String ids = Arrays.stream(rotated.split(",")).map(e -> e.substring(0, e.indexOf(':')).trim())
        .collect(Collectors.joining(", "));
    if (print) {
      out.println("CRISISLINE_PII_KEY=" + rotated);
      out.println("# new current key " + id + "; keyring ids: " + ids
          + ". Deploy it to every intake instance; keep the old ids until nothing sealed with them is retained.");
      return 0;
    }
    props.setProperty("pii.key", rotated);
    store(secrets, props);
    out.println("new current PII key " + id + " written to " + secrets + "; keyring ids: " + ids);
    out.println("restart the local stack (./crisisline up) to use it; records sealed with older keys stay readable.");
    return 0;
  }

  private static Properties load(Path file) {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return p;
  }

  private static void store(Path file, Properties p) {
    try {
      Path tmp = Files.createTempFile(file.getParent(), "secrets", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the directory's own permissions apply
      }
      try (OutputStream out = Files.newOutputStream(tmp)) {
        p.store(out, "crisisline local secrets (keys rotate)");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
