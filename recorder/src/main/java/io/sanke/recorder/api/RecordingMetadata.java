package io.sanke.recorder.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the library knows about a recorded lesson: stored as {@code metadata.json}
 * beside the media in the repository and indexed in Redis for search.
 *
 * @param masterClassroomName the master classroom's name (school and room)
 * @param masterSchoolId the school of the master classroom
 * @param ruralSchoolIds the schools of the listening classrooms (教学点)
 * @param date           the lesson's Beijing date
 * @param duration       length of the transcoded media, {@code null} until transcoded
 * @param gaps           stretches capture lost
 * @param renditions     the HLS ladder, empty until transcoded
 * @param masterPlaylistKey object key of the HLS master playlist, {@code null} until transcoded
 * @param mp4Key         object key of the progressive MP4, or {@code null}
 * @param posterKey      object key of the poster image, or {@code null}
 */
public record RecordingMetadata(String subject, String grade, String teacherId, String teacherName,
                                String masterClassroomId, String masterClassroomName, String masterSchoolId,
                                List<String> ruralSchoolIds, LocalDate date, Instant startedAt, Instant endedAt,
                                Duration duration, List<Gap> gaps, List<Rendition> renditions,
                                String masterPlaylistKey, String mp4Key, String posterKey) {
    public RecordingMetadata {
        ruralSchoolIds = ruralSchoolIds == null ? List.of() : List.copyOf(ruralSchoolIds);
        gaps = gaps == null ? List.of() : List.copyOf(gaps);
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
    }

    public RecordingMetadata ended(Instant at, List<Gap> capturedGaps) {
        return new RecordingMetadata(subject, grade, teacherId, teacherName, masterClassroomId, masterClassroomName,
                masterSchoolId, ruralSchoolIds, date, startedAt, at, duration, capturedGaps, renditions,
                masterPlaylistKey, mp4Key, posterKey);
    }

    public RecordingMetadata transcoded(Duration mediaDuration, List<Rendition> ladder, String master, String mp4,
                                        String poster) {
        return new RecordingMetadata(subject, grade, teacherId, teacherName, masterClassroomId, masterClassroomName,
                masterSchoolId, ruralSchoolIds, date, startedAt, endedAt, mediaDuration, gaps, ladder,
                master, mp4, poster);
    }
}
