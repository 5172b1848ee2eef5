package org.crisisline.simulator;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./crisisline simulate} and {@code ./crisisline record}. Exit 0 on success, 2 on a usage
 * error or bad input (one line naming the file, line and field), 1 on anything else.
 */
@Command(name = "crisisline", subcommands = {SimulateCommand.class, RecordCommand.class},
    description = "Routing policy simulator.")
public final class SimulatorMain {
  private SimulatorMain() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new SimulatorMain());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof BadInput) {
        err.println("crisisline " + line.getCommandName() + ": " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cl.execute(args);
  }
}
