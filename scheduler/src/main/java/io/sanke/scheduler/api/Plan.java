package io.sanke.scheduler.api;

import java.util.Map;

/**
 * An immutable snapshot of everything coordinators plan: the input of the conflict
 * rules, of session generation and of the coverage figures. Maps are keyed by id.
 */
public record Plan(Map<String, Region> regions, Map<String, School> schools,
                   Map<String, Classroom> classrooms, Map<String, Teacher> teachers,
                   Map<String, Pairing> pairings, Map<String, Term> terms,
                   Map<String, TimetableEntry> entries) {
    public Plan {
        regions = Map.copyOf(regions);
        schools = Map.copyOf(schools);
        classrooms = Map.copyOf(classrooms);
        teachers = Map.copyOf(teachers);
        pairings = Map.copyOf(pairings);
        terms = Map.copyOf(terms);
        entries = Map.copyOf(entries);
    }

    public static Plan empty() {
        return new Plan(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }
}
