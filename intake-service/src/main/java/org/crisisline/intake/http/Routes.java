package org.crisisline.intake.http;

import io.vertx.ext.web.Router;

/** One concern's HTTP routes; {@link ApiRouter} mounts each group in turn. */
public interface Routes {
  void mount(Router router);
}
