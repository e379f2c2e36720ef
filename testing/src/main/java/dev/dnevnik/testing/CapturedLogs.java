package dev.dnevnik.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Everything the service under test logs while it is open (messages with their arguments, and stack traces), for tests
 * of what must never be logged. The named categories are turned up to DEBUG meanwhile, so the check covers more than
 * the production levels show.
 */
public final class CapturedLogs implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Map<String, Level> previousLevels = new HashMap<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringWriter line = new StringWriter();
            line.append(record.getLevel().getName()).append(' ').append(record.getLoggerName()).append(' ')
                    .append(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            if (record.getThrown() != null) {
                line.append('\n');
                record.getThrown().printStackTrace(new PrintWriter(line));
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLogs(List<String> debugCategories) {
        for (String category : debugCategories) {
            Logger logger = Logger.getLogger(category);
            previousLevels.put(category, logger.getLevel());
            logger.setLevel(Level.FINE);
        }
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
    }

    /** Starts capturing; {@code debugCategories} log at DEBUG until {@link #close()}. */
    public static CapturedLogs capture(String... debugCategories) {
        return new CapturedLogs(List.of(debugCategories));
    }

    public String text() {
        return String.join("\n", new ArrayList<>(lines));
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
        previousLevels.forEach((category, level) -> Logger.getLogger(category).setLevel(level));
    }
}
