package dev.dnevnik.news.feed;

import java.util.Random;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The plain feed classes as beans: inject {@link FeedParser} and {@link RefreshSchedule} where needed. */
public class FeedBeans {

    @Produces
    @Singleton
    FeedParser feedParser() {
        return new FeedParser();
    }

    @Produces
    @Singleton
    RefreshSchedule refreshSchedule(FeedsConfig config) {
        return new RefreshSchedule(config, new Random());
    }
}
