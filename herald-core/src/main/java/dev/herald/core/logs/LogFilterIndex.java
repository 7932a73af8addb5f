package dev.herald.core.logs;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Finds the subscribers whose filter matches an entry without testing every subscriber. Each subscriber is
 * filed under one required value, the most selective its filter has (in {@link LogFilter#FILTERABLE} order),
 * or among the unfiltered ones; an entry is then tested only against the subscribers filed under one of its
 * own values (at most six look-ups) and the unfiltered ones. With a thousand subscribers watching different
 * hooks, PRs or repositories, a line costs a handful of hash look-ups.
 *
 * <p>Thread-safe: {@link #add} and {@link #remove} from any thread while {@link #forEachMatch} runs on another.
 * A subscriber added or removed during a {@code forEachMatch} may or may not be visited by it.
 *
 * @param <S> the subscriber type; compared by {@code equals}
 */
public final class LogFilterIndex<S> {
    private final Map<S, LogFilter> filters = new ConcurrentHashMap<>();
    private final Set<S> unfiltered = ConcurrentHashMap.newKeySet();
    private final Map<Bucket, Set<S>> buckets = new ConcurrentHashMap<>();

    /** Files {@code subscriber} under {@code filter}, replacing the filter it had. */
    public void add(S subscriber, LogFilter filter) {
        remove(subscriber);
        filters.put(subscriber, filter);
        Bucket b = bucketOf(filter);
        if (b == null) {
            unfiltered.add(subscriber);
        } else {
            buckets.compute(b, (k, set) -> {
                Set<S> s = set == null ? ConcurrentHashMap.newKeySet() : set;
                s.add(subscriber);
                return s;
            });
        }
    }

    /** Removes {@code subscriber}; false when it was not there. */
    public boolean remove(S subscriber) {
        LogFilter filter = filters.remove(subscriber);
        if (filter == null) {
            return false;
        }
        Bucket b = bucketOf(filter);
        if (b == null) {
            unfiltered.remove(subscriber);
        } else {
            buckets.computeIfPresent(b, (k, set) -> {
                set.remove(subscriber);
                return set.isEmpty() ? null : set;
            });
        }
        return true;
    }

    /** Calls {@code action} once for every subscriber whose filter matches {@code entry}. */
    public void forEachMatch(LogEntry entry, Consumer<? super S> action) {
        for (S s : unfiltered) {
            action.accept(s);
        }
        if (buckets.isEmpty()) {
            return;
        }
        for (LogField f : LogFilter.FILTERABLE) {
            String v = f.textOf(entry);
            if (v == null) {
                continue;
            }
            Set<S> candidates = buckets.get(new Bucket(f, v));
            if (candidates == null) {
                continue;
            }
            for (S s : candidates) {
                LogFilter filter = filters.get(s);
                if (filter != null && filter.matches(entry)) {
                    action.accept(s);
                }
            }
        }
    }

    public int size() {
        return filters.size();
    }

    private static Bucket bucketOf(LogFilter filter) {
        for (LogField f : LogFilter.FILTERABLE) {
            String v = filter.criteria().get(f);
            if (v != null) {
                return new Bucket(f, v);
            }
        }
        return null;
    }

    private record Bucket(LogField field, String value) {
    }
}
