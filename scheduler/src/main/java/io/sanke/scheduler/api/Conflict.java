package io.sanke.scheduler.api;

/**
 * One broken rule, naming both sides.
 *
 * @param subject what the clash is about (the classroom or teacher double-booked, the
 *                listening classroom whose link is too small, …)
 * @param first   one side (usually a timetable entry or a pairing)
 * @param second  the other side (the other entry, the term, the holiday date, …)
 * @param message a readable sentence naming both sides
 */
public record Conflict(ConflictKind kind, Ref subject, Ref first, Ref second, String message) {
}
