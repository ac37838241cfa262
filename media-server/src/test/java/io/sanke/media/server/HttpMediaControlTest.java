package io.sanke.media.server;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.MediaServerControl;
import io.sanke.media.api.Reply;
import io.sanke.media.sdp.SessionDescription;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The client of the HTTP control API behaves as the in-process control does, on a real node on 127.0.0.1. */
class HttpMediaControlTest {
  private HttpNode node;
  private HttpMediaControl remote;

  @BeforeEach
  void start() {
    node = HttpNode.start();
    remote = node.client();
  }

  @AfterEach
  void stop() {
    remote.close();
    node.close();
  }

  @Test
  @DisplayName("every command that needs no peer goes over HTTP and comes back as its typed reply")
  void everyCommandRoundTrips() throws Exception {
    assertInstanceOf(Reply.Done.class, remote.execute(new Command.CreateRouter("room")));
    Reply.TransportCreated pub = remote.execute(new Command.CreateWebRtcTransport("room", "pub"));
    assertTrue(pub.iceLite());
    assertEquals(node.media.candidates(), pub.candidates());
    assertEquals(node.media.router("room").webRtcTransport("pub").info(), pub);

    Reply.Answer answer = remote.execute(new Command.ProcessOffer("pub",
        ControlApiTest.resource("libwebrtc-publisher-offer.sdp")));
    assertEquals(List.of("pub/0", "pub/1"), answer.producers().stream().map(Reply.ProducerInfo::producerId).toList());
    assertEquals("recvonly", SessionDescription.parse(answer.answerSdp()).media().get(0).direction());

    remote.execute(new Command.CreateWebRtcTransport("room", "rx"));
    Reply.ConsumerCreated video = remote.execute(new Command.CreateConsumer("rx", "v", "pub/0", "v0"));
    assertEquals("video", video.kind());
    assertEquals(node.media.router("room").consumer("v").ssrc(), video.ssrc());
    remote.execute(new Command.CreateConsumer("rx", "a", "pub/1", "a0"));
    Reply.Offer offer = remote.execute(new Command.CreateOffer("rx"));
    assertEquals("BUNDLE v0 a0", SessionDescription.parse(offer.offerSdp()).attr("group"));

    assertInstanceOf(Reply.Done.class, remote.execute(new Command.SetPreferredLayers("v", 0, 0)));
    assertInstanceOf(Reply.Done.class, remote.execute(new Command.SetPriority("v", 7)));
    assertEquals(7, node.media.router("room").consumer("v").priority());
    assertInstanceOf(Reply.Done.class, remote.execute(new Command.SetPaused("v", true)));
    assertInstanceOf(Reply.Done.class, remote.execute(new Command.RequestKeyFrame("v")));

    Reply.PlainTransportCreated plain = remote.execute(new Command.CreatePlainRtpTransport("room", "rec", "127.0.0.1",
        5000));
    assertEquals("rec", plain.transportId());
    assertEquals(node.media.router("room").plainTransport("rec").localPort(), plain.localPort());
    Reply.ConsumerCreated recorded = remote.execute(new Command.CreateConsumer("rec", "rec-v", "pub/0", null));
    assertEquals("video", recorded.kind());

    for (var stats : List.of(new Command.GetStats(Command.Kind.ROUTER, "room"),
        new Command.GetStats(Command.Kind.TRANSPORT, "pub"), new Command.GetStats(Command.Kind.PRODUCER, "pub/0"),
        new Command.GetStats(Command.Kind.CONSUMER, "v"))) {
      assertEquals(stats.id(), remote.execute(stats).id());
    }
    Reply.Load load = remote.execute(new Command.GetLoad());
    assertEquals(node.inProcess.execute(new Command.GetLoad()), load);
    assertEquals(List.of(1, 3, 2, 3), List.of(load.routers(), load.transports(), load.producers(), load.consumers()));

    assertInstanceOf(Reply.Done.class, remote.execute(new Command.Close(Command.Kind.PRODUCER, "pub/0")));
    assertEquals(1, remote.execute(new Command.GetLoad()).consumers(), "the producer's consumers closed with it");
    assertInstanceOf(Reply.Done.class, remote.execute(new Command.Close(Command.Kind.ROUTER, "room")));
    assertEquals(0, remote.execute(new Command.GetLoad()).routers());
  }

  @Test
  @DisplayName("a mistake over HTTP throws the same MediaException code and message as in process, and changes nothing")
  void mistakesMapToTheSameException() throws Exception {
    node.inProcess.execute(new Command.CreateRouter("room"));
    node.inProcess.execute(new Command.CreateWebRtcTransport("room", "pub"));
    node.inProcess.execute(new Command.ProcessOffer("pub", ControlApiTest.resource("libwebrtc-publisher-offer.sdp")));
    node.inProcess.execute(new Command.CreateWebRtcTransport("room", "sub"));
    node.inProcess.execute(new Command.CreateConsumer("sub", "c", "pub/0", "0"));
    List<Command<?>> mistakes = List.of(new Command.CreateRouter("room"), new Command.CreateRouter(" "),
        new Command.CreateRouter(null), new Command.CreateWebRtcTransport("nowhere", "t"),
        new Command.CreateWebRtcTransport("room", "pub"), new Command.ProcessOffer("pub", "hello"),
        new Command.ProcessOffer("nobody", "v=0"), new Command.CreateOffer("pub"),
        new Command.CreateConsumer("sub", "c2", "pub/9", "1"), new Command.CreateConsumer("sub", "c", "pub/0", "1"),
        new Command.CreateConsumer("sub", "c3", "pub/0", null), new Command.SetPreferredLayers("c", -1, 0),
        new Command.SetPaused("nobody", true), new Command.SetPriority("nobody", 1), new Command.RequestKeyFrame("nobody"),
        new Command.CreatePlainRtpTransport("room", "rec", "127.0.0.1", 5001),
        new Command.CreatePlainRtpTransport("room", "rec", "no such host.", 5000),
        new Command.Close(Command.Kind.CONSUMER, "nobody"), new Command.Close(null, "room"),
        new Command.GetStats(Command.Kind.PRODUCER, "nobody"));
    Reply.Load before = node.inProcess.execute(new Command.GetLoad());
    List<Executable> checks = new ArrayList<>();
    for (Command<?> mistake : mistakes) {
      MediaException local = assertThrows(MediaException.class, () -> node.inProcess.execute(mistake), mistake::toString);
      MediaException overHttp = assertThrows(MediaException.class, () -> remote.execute(mistake), mistake::toString);
      checks.add(() -> assertEquals(local.code() + " " + local.getMessage(), overHttp.code() + " " + overHttp.getMessage(),
          mistake.toString()));
    }
    assertAll(checks);
    assertEquals(before, node.inProcess.execute(new Command.GetLoad()));
    assertEquals(MediaException.Code.BAD_REQUEST, assertThrows(MediaException.class, () -> remote.execute(null)).code());
  }

  @Test
  @DisplayName("a wrong secret, a closed port and a node that never answers are INTERNAL refusals, not hangs")
  void unreachableNodes() throws Exception {
    Function<HttpMediaControl, MediaException> refusal = control -> {
      try (control) {
        return assertThrows(MediaException.class, () -> control.execute(new Command.CreateRouter("room")));
      }
    };
    MediaException wrongSecret = refusal.apply(new HttpMediaControl(node.uri(), "wrong-secret-0123456789"));
    assertEquals(MediaException.Code.INTERNAL, wrongSecret.code());
    assertTrue(wrongSecret.getMessage().contains("status:401, code:UNAUTHORIZED"), wrongSecret.getMessage());
    assertEquals(0, node.inProcess.execute(new Command.GetLoad()).routers());

    URI closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    MediaException refused = refusal.apply(new HttpMediaControl(closed, HttpNode.SECRET));
    assertEquals(MediaException.Code.INTERNAL, refused.code());
    assertTrue(refused.getMessage().startsWith("media node unreachable"), refused.getMessage());

    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) { // accepts, never answers
      URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort());
      MediaException timedOut = refusal.apply(new HttpMediaControl(uri, HttpNode.SECRET, Duration.ofMillis(300)));
      assertEquals(MediaException.Code.INTERNAL, timedOut.code());
      assertTrue(timedOut.getMessage().contains("HttpTimeoutException"), timedOut.getMessage());
    }
  }

  @Test
  @DisplayName("a reply of another type than the command's is an INTERNAL refusal, not a ClassCastException later")
  void wrongReplyType() throws Exception {
    MediaServerControl confused = new MediaServerControl() {
      @Override
      @SuppressWarnings("unchecked")
      public <R extends Reply> R execute(Command<R> command) {
        return (R) new Reply.Done();
      }
    };
    try (ControlHttpServer server = ControlHttpServer.start(confused, HttpNode.controlConfig());
        HttpMediaControl client = new HttpMediaControl(URI.create("http://127.0.0.1:" + server.port()),
            HttpNode.SECRET)) {
      assertInstanceOf(Reply.Done.class, client.execute(new Command.CreateRouter("room")));
      MediaException e = assertThrows(MediaException.class, () -> client.execute(new Command.GetLoad()));
      assertEquals(MediaException.Code.INTERNAL, e.code());
      assertEquals("media node answered Done to GetLoad [url:http://127.0.0.1:" + server.port()
          + "/media/v1/commands]", e.getMessage());
    }
  }

  @Test
  @DisplayName("an error answer without an error body is INTERNAL; a body over the limit is the caller's BAD_REQUEST")
  void errorAnswersWithoutMediaCodes() {
    assertEquals(MediaException.Code.INTERNAL, ControlWire.exception(502, "<html>bad gateway</html>".getBytes()).code());
    assertEquals(MediaException.Code.BAD_REQUEST, ControlWire.exception(413,
        ControlWire.writeError(ControlWire.TOO_LARGE, "request body over 262144 bytes")).code());
  }

  @Test
  @DisplayName("a node address that is not http://host:port or a blank secret is refused at construction")
  void badArguments() {
    assertThrows(IllegalArgumentException.class, () -> new HttpMediaControl(URI.create("ftp://127.0.0.1:8070"),
        HttpNode.SECRET));
    assertThrows(IllegalArgumentException.class, () -> new HttpMediaControl(URI.create("127.0.0.1:8070"),
        HttpNode.SECRET));
    assertThrows(IllegalArgumentException.class, () -> new HttpMediaControl(node.uri(), " "));
    MediaServerControl typed = remote; // an HttpMediaControl is a MediaServerControl like InProcessControl
    assertTrue(typed.toString().contains("/media/v1/commands"));
  }
}
