package io.sanke.scheduler.coverage;

/** Coverage and quality figures of one scope over one period; serialised to JSON as is. */
public record CoverageReport(Scope scope) {

    /** The report as CSV (UTF-8 text, header line first). */
    public String toCsv() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
