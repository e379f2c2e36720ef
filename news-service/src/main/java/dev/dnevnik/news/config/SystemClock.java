package dev.dnevnik.news.config;

import java.time.Clock;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;

/**
 * The clock deciding "now" and a client's "today": the system's, in UTC. One bean, so that tests can fix the time
 * (a date-line time zone only differs from UTC during part of the day).
 */
public class SystemClock {

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
