package dev.dnevnik.news.event;

import java.time.Instant;

import dev.dnevnik.common.paging.PageRequest;

/**
 * What an event list asks for; every part applies in SQL.
 *
 * @param from events ending (or, without an end, starting) at or after this
 * @param to events starting before this; null for no bound
 */
public record EventFilter(Instant from, Instant to, String category, String city, String text, PageRequest page) {
}
