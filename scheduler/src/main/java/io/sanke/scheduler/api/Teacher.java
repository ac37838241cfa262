package io.sanke.scheduler.api;

import java.util.Set;

/** A teacher, with the subjects they teach. */
public record Teacher(String id, String name, String schoolId, Set<String> subjects) {
    public Teacher {
        subjects = Set.copyOf(subjects);
    }
}
