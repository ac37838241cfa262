package io.sanke.media.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sanke.media.api.Command;
import io.sanke.media.api.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The control API's records go to JSON and back unchanged (the bodies of the HTTP control API). */
class WireFormatTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  @DisplayName("every command survives a JSON round trip, tagged with its type")
  void commandsRoundTrip() throws Exception {
    List<Command<?>> all = List.of(new Command.CreateRouter("room"), new Command.CreateWebRtcTransport("room", "t"),
        new Command.ProcessOffer("t", "v=0"), new Command.CreateOffer("t"), new Command.ProcessAnswer("t", "v=0"),
        new Command.CreateConsumer("t", "c", "p", "0"), new Command.SetPreferredLayers("c", 1, 2),
        new Command.SetPaused("c", true), new Command.SetPriority("c", 10), new Command.RequestKeyFrame("c"),
        new Command.CreatePlainRtpTransport("room", "rec", "127.0.0.1", 5000),
        new Command.Close(Command.Kind.CONSUMER, "c"), new Command.GetStats(Command.Kind.ROUTER, "room"),
        new Command.GetLoad());
    for (Command<?> c : all) {
      String text = json.writeValueAsString(c);
      assertEquals(c, json.readValue(text, Command.class), text);
    }
    assertEquals("{\"type\":\"createRouter\",\"routerId\":\"room\"}",
        json.writeValueAsString(new Command.CreateRouter("room")));
  }

  @Test
  @DisplayName("replies survive a JSON round trip")
  void repliesRoundTrip() throws Exception {
    List<Reply> all = List.of(new Reply.Done(),
        new Reply.TransportCreated("t", "u", "p", true,
            List.of(new Reply.Candidate("udp0", 1, "udp", 2130706431L, "198.18.0.1", 10000, "host", null)), "sha-256 AA"),
        new Reply.Answer("v=0", List.of(new Reply.ProducerInfo("t/0", "video", "0", List.of("0", "1")))),
        new Reply.Offer("v=0"), new Reply.ConsumerCreated("c", 1L, 2L, "audio"),
        new Reply.PlainTransportCreated("rec", "0.0.0.0", 5000),
        new Reply.Stats("c", 1, 2, 0.5, 3.0, 4.0, 1, 2, Map.of("packets.out", 5L)),
        new Reply.Load("media-1", "default", 0.25, 1, 2, 3, 4, 5, 6));
    for (Reply r : all) {
      String text = json.writeValueAsString(r);
      assertTrue(text.startsWith("{\"type\":"), text);
      assertEquals(r, json.readValue(text, Reply.class), text);
    }
  }
}
