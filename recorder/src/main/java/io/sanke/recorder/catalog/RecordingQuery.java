package io.sanke.recorder.catalog;

import io.sanke.recorder.api.RecordingState;

import java.time.LocalDate;

/**
 * A library search: every non-null field must match. {@code state} other than
 * PUBLISHED is only honoured for reviewers and coordinators.
 *
 * @param school a master or rural school id
 * @param from   first lesson date (Beijing), inclusive
 * @param to     last lesson date, inclusive
 */
public record RecordingQuery(String subject, String grade, String school, String teacher,
                             LocalDate from, LocalDate to, RecordingState state, int offset, int limit) {
    public static RecordingQuery published() {
        return new RecordingQuery(null, null, null, null, null, null, RecordingState.PUBLISHED, 0, 50);
    }
}
