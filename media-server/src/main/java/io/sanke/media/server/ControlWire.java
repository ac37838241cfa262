package io.sanke.media.server;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.MediaServerControl;
import io.sanke.media.api.Reply;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the HTTP control API ({@link ControlHttpServer}) and its client ({@link HttpMediaControl})
 * agree on: the paths, JSON of commands, replies and errors, and how an error reply turns back
 * into a {@link MediaException}. Commands are read strictly (unknown or missing fields are
 * refused), replies leniently (a newer node may add fields). Holds no sockets.
 */
final class ControlWire {
  static final String PREFIX = "/media/v" + MediaServerControl.VERSION;
  static final String COMMANDS = PREFIX + "/commands";
  static final String LOAD = PREFIX + "/load";
  static final String HEALTH = PREFIX + "/health";
  static final String JSON = "application/json; charset=utf-8";

  /** Error codes of the HTTP layer itself; a refused command carries a {@link MediaException.Code} name. */
  static final String UNAUTHORIZED = "UNAUTHORIZED";
  static final String UNKNOWN_PATH = "UNKNOWN_PATH";
  static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
  static final String TOO_LARGE = "TOO_LARGE";

  /** The error body: {@code {"error":{"code":"NOT_FOUND","message":"router not found [id:room-1]"}}}. */
  record ErrorReply(Problem error) {}

  record Problem(String code, String message) {}

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final ObjectReader COMMAND_READER = MAPPER.readerFor(Command.class);
  private static final ObjectWriter COMMAND_WRITER = MAPPER.writerFor(Command.class);
  private static final ObjectReader REPLY_READER = MAPPER.readerFor(Reply.class)
      .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .without(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
  private static final ObjectWriter REPLY_WRITER = MAPPER.writerFor(Reply.class);
  private static final ObjectReader ERROR_READER = MAPPER.readerFor(ErrorReply.class)
      .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The command type names, as in {@link Command}'s {@code @JsonSubTypes}. */
  private static final String COMMAND_TYPES = Arrays.stream(Command.class.getAnnotation(JsonSubTypes.class).value())
      .map(JsonSubTypes.Type::name).sorted().collect(Collectors.joining(", "));

  /** The reply class each command record declares ({@code Command<Reply.Done>} → {@code Reply.Done}). */
  private static final ClassValue<Class<?>> REPLY_TYPES = new ClassValue<>() {
    @Override
    protected Class<?> computeValue(Class<?> command) {
      for (Type t : command.getGenericInterfaces()) {
        if (t instanceof ParameterizedType p && p.getRawType() == Command.class
            && p.getActualTypeArguments()[0] instanceof Class<?> reply) {
          return reply;
        }
      }
      return Reply.class;
    }
  };

  private ControlWire() {
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A request body that is not one command; the message says what is wrong, for the caller. */
  static final class BadCommand extends Exception {
    private static final long serialVersionUID = 1L;

    BadCommand(String message) {
      super(message, null, false, false);
    }
  }

  /** Reads one command: exactly one JSON object with a known {@code "type"} and every field of that type. */
  static Command<?> readCommand(byte[] json) throws BadCommand {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new BadCommand("malformed JSON: " + original(e));
    }
    if (tree == null || !tree.isObject()) {
      // Jackson would also take ["createRouter", {...}]; the wire format is one object
      throw new BadCommand("the body must be one JSON object");
    }
    try {
      return COMMAND_READER.readValue(tree);
    } catch (InvalidTypeIdException e) {
      throw new BadCommand(e.getTypeId() == null ? "a command needs a \"type\" [known:" + COMMAND_TYPES + "]"
          : "unknown command type [type:" + e.getTypeId() + ", known:" + COMMAND_TYPES + "]");
    } catch (UnrecognizedPropertyException e) {
      throw new BadCommand("unknown field [field:" + field(e) + "]");
    } catch (JsonMappingException e) {
      throw new BadCommand(original(e).startsWith("Missing creator property") ? "missing field [field:" + field(e) + "]"
          : "bad value [field:" + field(e) + "]: " + original(e));
    } catch (IOException e) {
      throw new BadCommand("not a control command: " + original(e));
    }
  }

  private static String field(JsonMappingException e) {
    return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
        .collect(Collectors.joining("."));
  }

  /** Jackson's message without the location it appends. */
  private static String original(IOException e) {
    String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    m = String.valueOf(m);
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  static byte[] writeCommand(Command<?> command) throws JsonProcessingException {
    return COMMAND_WRITER.writeValueAsBytes(command);
  }

  static Reply readReply(byte[] json) throws IOException {
    return REPLY_READER.readValue(json);
  }

  static byte[] writeReply(Reply reply) throws JsonProcessingException {
    return REPLY_WRITER.writeValueAsBytes(reply);
  }

  static byte[] writeError(String code, String message) {
    try {
      return MAPPER.writeValueAsBytes(new ErrorReply(new Problem(code, message)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an error body of two strings always serializes", e);
    }
  }

  static Class<?> replyType(Command<?> command) {
    return REPLY_TYPES.get(command.getClass());
  }

  /**
   * The exception an error reply stands for. A refused command comes back with its own code and
   * message, as {@link InProcessControl} would have thrown it; a refusal of the HTTP layer becomes
   * {@code BAD_REQUEST} (too large) or {@code INTERNAL} (secret, path, method: a misconfigured client).
   */
  static MediaException exception(int status, byte[] body) {
    Problem p;
    try {
      ErrorReply e = ERROR_READER.readValue(body);
      p = e == null ? null : e.error();
    } catch (IOException e) {
      p = null;
    }
    if (p == null || p.code() == null) {
      return new MediaException(MediaException.Code.INTERNAL, "media node answered HTTP " + status
          + " without an error body");
    }
    for (MediaException.Code c : MediaException.Code.values()) {
      if (c.name().equals(p.code())) {
        return new MediaException(c, p.message());
      }
    }
    MediaException.Code code = TOO_LARGE.equals(p.code()) ? MediaException.Code.BAD_REQUEST : MediaException.Code.INTERNAL;
    return new MediaException(code, "media node refused the request [status:" + status + ", code:" + p.code() + "]: "
        + p.message());
  }
}
