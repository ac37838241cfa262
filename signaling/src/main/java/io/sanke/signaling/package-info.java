/** Client WebSocket protocol, lesson tokens, rooms, roles and floor control; talks to the SFU only through its control API. */
package io.sanke.signaling;
