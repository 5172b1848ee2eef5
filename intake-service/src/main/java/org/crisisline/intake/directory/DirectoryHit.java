package org.crisisline.intake.directory;

import java.time.Instant;
import java.util.List;
import org.crisisline.events.LocalService;

/**
 * One search result: the service, whether it is open now and when it next opens (null when open
 * or never), the asked filters it met and those it relaxed (parameter names), and the same in
 * words for the person on the line.
 */
public record DirectoryHit(LocalService service, boolean openNow, Instant nextOpen, List<String> met,
    List<String> relaxed, String why) {
  public DirectoryHit {
    met = List.copyOf(met);
    relaxed = List.copyOf(relaxed);
  }
}
