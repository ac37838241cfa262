package io.sanke.scheduler.api;

/**
 * A school.
 *
 * @param teachingPoint true for a rural teaching point (教学点), the places the
 *                      "three classrooms" must reach (target: 100 %)
 */
public record School(String id, String name, String regionId, SchoolKind kind, boolean teachingPoint) {
}
