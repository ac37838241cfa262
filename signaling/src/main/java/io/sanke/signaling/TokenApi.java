package io.sanke.signaling;

import io.sanke.signaling.api.LessonToken;
import io.sanke.signaling.api.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/sessions/{id}/tokens}: lesson tokens for the participants of an
 * open lesson. The caller proves who they are with a scheduler JWT: a coordinator gets
 * any token (observer and viewer tokens too); the lesson's master teacher gets tokens
 * of the lesson's participants. Bad requests change nothing.
 */
final class TokenApi {
    private final JWTAuth schedulerAuth;
    private final LessonTokens tokens;
    private final RoomState state;

    TokenApi(JWTAuth schedulerAuth, LessonTokens tokens, RoomState state) {
        this.schedulerAuth = schedulerAuth;
        this.tokens = tokens;
        this.state = state;
    }

    void handle(RoutingContext ctx) {
        String sid = ctx.pathParam("id");
        String auth = ctx.request().getHeader("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            fail(ctx, 401, "unauthorized", "需要登录令牌", "missing bearer token");
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            fail(ctx, 400, "invalid", "请求体不是 JSON 对象", "body is not a JSON object");
            return;
        }
        if (body == null) {
            body = new JsonObject();
        }
        JsonObject request = body;
        schedulerAuth.authenticate(new TokenCredentials(auth.substring(7)))
                .onFailure(e -> fail(ctx, 401, "unauthorized", "登录令牌无效或已过期", "token not valid"))
                .onSuccess(user -> state.snapshot(sid).onComplete(ar -> {
                    if (ar.failed()) {
                        fail(ctx, 500, "internal", "服务器内部错误", ar.cause().toString());
                    } else {
                        issue(ctx, user, sid, ar.result(), request);
                    }
                }));
    }

    private void issue(RoutingContext ctx, User user, String sid, RoomSnapshot room, JsonObject req) {
        JsonObject caller = user.principal();
        String callerRole = caller.getString("role", "");
        boolean coordinator = callerRole.equals("coordinator");
        RosterEntry master = room.roster().stream().filter(r -> r.role() == Role.MASTER_TEACHER).findFirst().orElse(null);
        boolean masterTeacher = callerRole.equals("teacher") && master != null
                && master.id().equals(caller.getString("teacherId"));
        if (!room.open()) {
            fail(ctx, 409, "room_not_open", "课堂尚未开放", "room not open [session:" + sid + "]");
            return;
        }
        if (!coordinator && !masterTeacher) {
            fail(ctx, 403, "forbidden", "只有协调员或本课主讲教师可以签发课堂令牌",
                    "only a coordinator or the lesson's master teacher [session:" + sid + "]");
            return;
        }
        Object roleField = req.getValue("role");
        Object pidField = req.getValue("participantId");
        if (roleField != null && !(roleField instanceof String) || pidField != null && !(pidField instanceof String)
                || roleField != null && pidField != null) {
            fail(ctx, 400, "invalid", "participantId 与 role 只能给出一个且须为字符串",
                    "give at most one of participantId and role, as strings");
            return;
        }
        List<LessonToken> claims = new ArrayList<>();
        if (roleField != null) {
            Role role = Role.fromWire((String) roleField).orElse(null);
            if (role != Role.OBSERVER && role != Role.VIEWER && role != Role.STUDIO) {
                fail(ctx, 400, "invalid", "role 只能是 observer、viewer 或 studio", "role must be observer, viewer or studio");
                return;
            }
            if (!coordinator) {
                fail(ctx, 403, "forbidden", "只有协调员可以签发巡课或旁听令牌", "coordinators only [role:" + roleField + "]");
                return;
            }
            String sub = caller.getString("sub", "anonymous");
            claims.add(new LessonToken(sid, role, role.wire() + ":" + sub, caller.getString("name", sub), null,
                    tokens.expiryFromNow()));
        } else {
            for (RosterEntry e : room.roster()) {
                if (pidField == null || e.id().equals(pidField)) {
                    claims.add(new LessonToken(sid, e.role(), e.id(), e.name() == null ? e.id() : e.name(),
                            e.classroomId(), tokens.expiryFromNow()));
                }
            }
            if (claims.isEmpty()) {
                fail(ctx, 404, "not_found", "该参与者不属于本节课", "participant not in the lesson [id:" + pidField + "]");
                return;
            }
        }
        JsonArray out = new JsonArray();
        for (LessonToken c : claims) {
            out.add(new JsonObject().put("participantId", c.participantId()).put("role", c.role().wire())
                    .put("name", c.name()).put("classroomId", c.classroomId()).put("token", tokens.issue(c))
                    .put("expiresAt", c.expiresAt().toString()));
        }
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("tokens", out).encode());
    }

    private static void fail(RoutingContext ctx, int status, String code, String zh, String en) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", zh)
                        .put("messageEn", en)).encode());
    }

}
