package dev.herald.core.event;

import dev.herald.core.error.HeraldException;

/**
 * One event object of a publish body as {@link PublishBodyReader} read it, before {@link EventParser} validates
 * it: what each known field held. Mutable, used by one parse on one thread.
 */
final class RawEvent {
    /** A field that was present with a value other than a string or null. */
    static final Object NOT_A_STRING = new Object();

    /** False when the batch element was not a JSON object at all. */
    boolean isObject = true;
    /** Each a String, {@link #NOT_A_STRING}, or null (absent or JSON null). */
    Object type;
    Object id;
    Object user;
    Object resourceType;
    Object resourceId;
    Object timestamp;
    /** The data object written back compactly; null when absent or JSON null. */
    String data;
    boolean dataNotAnObject;
    /** The first number in data that JavaScript would change, reported after the event's other checks. */
    HeraldException unsafeNumberInData;
    /** Where in the body that number was (byte offset), to tell which of two errors came first. */
    long unsafeNumberOffset;
}
