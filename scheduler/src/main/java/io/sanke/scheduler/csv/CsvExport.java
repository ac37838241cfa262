package io.sanke.scheduler.csv;

/** Writes schools, classrooms, teachers and timetable entries as CSV that {@link CsvImport} reads back. */
public final class CsvExport {
}
