package io.sanke.signaling.api;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The role a lesson token grants, with what it may do. Wire names are kebab-case
 * ({@code master-teacher}). See docs/protocol.md, "Roles".
 */
public enum Role {
    MASTER_TEACHER(Set.of(Source.CAMERA, Source.MICROPHONE, Source.SCREEN), true, false, true),
    ASSISTANT_TEACHER(Set.of(Source.CAMERA, Source.MICROPHONE), false, true, true),
    CLASSROOM(Set.of(Source.CAMERA, Source.MICROPHONE), false, true, true),
    STUDIO(Set.of(Source.CAMERA, Source.MICROPHONE, Source.SCREEN), true, false, true),
    OBSERVER(Set.of(), false, false, false),
    VIEWER(Set.of(), false, false, true);

    private final Set<Source> publishes;
    private final boolean teacher;
    private final boolean raisesHand;
    private final boolean chats;

    Role(Set<Source> publishes, boolean teacher, boolean raisesHand, boolean chats) {
        this.publishes = publishes;
        this.teacher = teacher;
        this.raisesHand = raisesHand;
        this.chats = chats;
    }

    /** The wire name, e.g. {@code assistant-teacher}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Role> fromWire(String s) {
        for (Role r : values()) {
            if (r.wire().equals(s)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** May send this source. */
    public boolean mayPublish(Source source) {
        return publishes.contains(source);
    }

    /** Leads the lesson: grants the floor, mutes, lowers any hand. */
    public boolean isTeacher() {
        return teacher;
    }

    public boolean mayRaiseHand() {
        return raisesHand;
    }

    /** May be given the floor (a classroom or its assistant teacher). */
    public boolean mayTakeFloor() {
        return raisesHand;
    }

    public boolean mayChat() {
        return chats;
    }

    /**
     * Listed in the room and announced by presence events. Viewers are only counted
     * (a broadcast may have thousands), observers are unseen.
     */
    public boolean isListed() {
        return this != OBSERVER && this != VIEWER;
    }

    /** Joins unseen: no presence, not listed to others, not counted. */
    public boolean isHidden() {
        return this == OBSERVER;
    }
}
