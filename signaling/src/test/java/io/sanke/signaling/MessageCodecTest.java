package io.sanke.signaling;

import io.sanke.signaling.api.ErrorCode;
import io.sanke.signaling.api.Message;
import io.sanke.signaling.api.MessageCodec;
import io.sanke.signaling.api.Source;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class MessageCodecTest {

    private static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    @Test
    @DisplayName("every request survives encode then decode unchanged")
    void roundTrip() {
        List<Message.Request> all = List.of(
                new Message.Join("1", "e@2026-11-23", "a.b.c"),
                new Message.Resume("2", "r-x"),
                new Message.Offer("3", SDP, true),
                new Message.Candidate("4", "candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host", "0"),
                new Message.Publish("5", Source.SCREEN, "2"),
                new Message.Unpublish("6", Source.MICROPHONE),
                new Message.Subscribe("7", "t", Source.CAMERA, 1, 2, false),
                new Message.Subscribe("7b", "t", Source.CAMERA, -1, -1, true),
                new Message.RaiseHand("8"),
                new Message.LowerHand("9", null),
                new Message.LowerHand("9b", "c-1"),
                new Message.GrantFloor("10", "c-1"),
                new Message.RevokeFloor("11"),
                new Message.Mute("12", "c-1", false, "audio", true),
                new Message.Mute("13", null, true, "video", false),
                new Message.Chat("14", "你好"),
                new Message.Leave("15"),
                new Message.Ping("16"));
        for (Message.Request r : all) {
            assertEquals(r, MessageCodec.decode(MessageCodec.encode(r)), r.type());
        }
        assertEquals(MessageCodec.REQUEST_TYPES.size(), all.stream().map(Message.Request::type).distinct().count(),
                "every request type is covered");
    }

    private static Message.Error error(String text) {
        return assertInstanceOf(Message.Error.class, MessageCodec.decode(text), text);
    }

    @Test
    @DisplayName("each fault has its own code, checked in the order size, JSON, version, type, id, fields")
    void faults() {
        String[][] table = {
                {"", "BAD_JSON"}, {"nope", "BAD_JSON"}, {"[]", "BAD_JSON"}, {"\"x\"", "BAD_JSON"},
                {"{\"type\":\"ping\",\"id\":\"1\"}", "BAD_VERSION"}, {"{\"v\":1.5,\"type\":\"ping\",\"id\":\"1\"}", "BAD_VERSION"},
                {"{\"v\":2,\"type\":\"nope\"}", "BAD_VERSION"},
                {"{\"v\":1,\"type\":\"nope\",\"id\":\"1\"}", "UNKNOWN_TYPE"}, {"{\"v\":1,\"type\":5,\"id\":\"1\"}", "UNKNOWN_TYPE"},
                {"{\"v\":1,\"type\":\"result\",\"id\":\"1\"}", "UNKNOWN_TYPE"},
                {"{\"v\":1,\"type\":\"ping\",\"id\":\"\"}", "BAD_MESSAGE"},
                {"{\"v\":1,\"type\":\"ping\",\"id\":\"" + "x".repeat(65) + "\"}", "BAD_MESSAGE"},
                {"{\"v\":1,\"type\":\"join\",\"id\":\"1\",\"sessionId\":\"s\"}", "BAD_MESSAGE"},
                {"{\"v\":1,\"type\":\"join\",\"id\":\"1\",\"sessionId\":7,\"token\":\"t\"}", "BAD_MESSAGE"},
                {"{\"v\":1,\"type\":\"offer\",\"id\":\"1\",\"sdp\":\"x\"}", "BAD_MESSAGE"},
                {"{\"v\":1,\"type\":\"offer\",\"id\":\"1\",\"sdp\":\"v=0\",\"iceRestart\":\"yes\"}", "BAD_MESSAGE"},
                {"{\"v\":1,\"type\":\"publish\",\"id\":\"1\",\"source\":\"camera\"}", "BAD_MESSAGE"},
                {"{\"v\":1,\"type\":\"subscribe\",\"id\":\"1\",\"participantId\":\"t\",\"source\":\"camera\",\"temporalLayer\":-1}", "BAD_MESSAGE"},
                {"{\"v\":1,\"type\":\"subscribe\",\"id\":\"1\",\"participantId\":\"t\",\"source\":\"camera\",\"spatialLayer\":1.5}", "BAD_MESSAGE"},
                {"{\"v\":1,\"type\":\"mute\",\"id\":\"1\",\"participantId\":\"c\",\"all\":true,\"kind\":\"audio\"}", "BAD_MESSAGE"},
                {"{\"v\":1,\"type\":\"mute\",\"id\":\"1\",\"participantId\":\"c\",\"kind\":\"smell\"}", "BAD_MESSAGE"},
                {"{\"v\":1,\"type\":\"chat\",\"id\":\"1\",\"text\":5}", "BAD_MESSAGE"},
                {"{\"v\":1,\"type\":\"chat\",\"id\":\"1\",\"text\":\"" + "x".repeat(20_000) + "\"}", "CHAT_TOO_LONG"},
                {"{\"v\":1,\"type\":\"candidate\",\"id\":\"1\",\"candidate\":\"typ host\"}", "BAD_MESSAGE"},
                {"{\"v\":1,\"type\":\"chat\",\"id\":\"1\",\"text\":\"" + "好".repeat(22_000) + "\"}", "TOO_LARGE"},
        };
        for (String[] row : table) {
            assertEquals(ErrorCode.valueOf(row[1]), error(row[0]).code(), row[0].length() > 200 ? row[0].substring(0, 200) : row[0]);
        }
    }

    @Test
    @DisplayName("an error echoes the request id when it could be read, and null otherwise")
    void errorIds() {
        assertEquals("7", error("{\"v\":1,\"type\":\"nope\",\"id\":\"7\"}").id());
        assertNull(error("{\"v\":1,\"type\":\"nope\",\"id\":7}").id());
        assertNull(error("garbage").id());
    }

    @Test
    @DisplayName("unknown fields are ignored")
    void unknownFields() {
        assertEquals(new Message.Ping("1"), MessageCodec.decode("{\"v\":1,\"type\":\"ping\",\"id\":\"1\",\"extra\":{\"a\":1}}"));
    }

    @Test
    @DisplayName("errors carry zh-CN text and the English detail")
    void errorJson() {
        var j = MessageCodec.toJson(new Message.Error("3", ErrorCode.FORBIDDEN, "no [role:observer]"));
        assertEquals("error", j.getString("type"));
        assertEquals("FORBIDDEN", j.getString("code"));
        assertEquals("当前角色无权执行此操作", j.getString("message"));
        assertEquals("no [role:observer]", j.getString("messageEn"));
        assertEquals(1, j.getInteger("v"));
    }
}
