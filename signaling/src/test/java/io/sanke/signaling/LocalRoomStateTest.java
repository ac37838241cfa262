package io.sanke.signaling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** {@link RoomStateContract} on the in-memory state. */
class LocalRoomStateTest extends RoomStateContract {
    @Override
    Future<RoomState> create(Vertx vertx) {
        return Future.succeededFuture(new LocalRoomState(vertx));
    }
}
