package org.crisisline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The crash bench's power cut: the stack's processes killed outright, and the ports they live on. */
final class CrashKill {
  private CrashKill() {}

  /** SIGKILL to the stack's JVM and to the PostgreSQL it started (pg_ctl detaches it from the JVM's tree). */
  static void kill(Process stack, Path data) throws Exception {
    Path pid = data.resolve("postgres").resolve("postmaster.pid");
    long postmaster = Files.exists(pid) ? Long.parseLong(Files.readAllLines(pid).get(0).trim()) : -1;
    List<ProcessHandle> all = new ArrayList<>(stack.descendants().toList());
    ProcessHandle.of(postmaster).ifPresent(pm -> {
      all.addAll(pm.descendants().toList());
      all.add(pm);
    });
    stack.destroyForcibly();
    all.forEach(ProcessHandle::destroyForcibly);
    stack.waitFor(30, TimeUnit.SECONDS);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }}
