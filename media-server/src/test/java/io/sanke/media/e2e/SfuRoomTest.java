package io.sanke.media.e2e;

import io.sanke.media.server.InProcessControl;
import io.sanke.media.server.MediaServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A real-peer test around one SFU in the namespace with the router "room", fresh for each test. */
abstract class SfuRoomTest {
  protected MediaServer server;
  protected InProcessControl control;
  private Sfu sfu;

  @BeforeEach
  void startSfu() throws Exception {
    sfu = new Sfu();
    server = sfu.server;
    control = sfu.control;
  }

  @AfterEach
  void stopSfu() {
    sfu.close();
  }
}
