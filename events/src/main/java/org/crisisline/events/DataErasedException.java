package org.crisisline.events;

/**
 * A sealed value whose request's data key is gone: the caller's data was erased (the key was
 * tombstoned on {@code data-keys}). Not a fault and not a bad blob: the value is meant to be
 * unreadable. Names the request only, never a value.
 */
public final class DataErasedException extends IllegalStateException {
  private final String requestId;

  public DataErasedException(String requestId) {
    super("the data of request " + requestId + " was erased");
    this.requestId = requestId;
  }

  public String requestId() {
    return requestId;
  }
}
