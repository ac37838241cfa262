package io.sanke.scheduler.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.sanke.scheduler.api.SchedulerException;
import io.sanke.scheduler.store.ValidationException;

import java.util.stream.Collectors;

/** Turns what Jackson says about a request body into a {@link SchedulerException} naming the field. */
final class RequestErrors {
    private RequestErrors() {
    }

    static SchedulerException of(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = path(m);
            if (e instanceof UnrecognizedPropertyException) {
                return ValidationException.invalid(field, "unknown field");
            }
            if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
                return ValidationException.invalid(field, "unknown value '" + f.getValue() + "', expected one of "
                        + java.util.Arrays.toString(f.getTargetType().getEnumConstants()));
            }
            if (e instanceof MismatchedInputException mi) {
                String type = mi.getTargetType() == null ? "another type" : mi.getTargetType().getSimpleName();
                return ValidationException.invalid(field, "wrong type, expected " + type);
            }
            if (e instanceof ValueInstantiationException) {
                return ValidationException.invalid(field, "invalid value");
            }
            return ValidationException.invalid(field, "invalid value");
        }
        if (e instanceof ValueInstantiationException) {
            return ValidationException.invalid("body", "a required list or set is missing or null");
        }
        if (e instanceof JsonMappingException) {
            return ValidationException.invalid("body", "invalid value: " + e.getOriginalMessage());
        }
        return new SchedulerException("malformed_json", 400, "malformed JSON: " + e.getOriginalMessage());
    }

    private static String path(JsonMappingException m) {
        return m.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }
}
