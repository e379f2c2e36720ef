package dev.dnevnik.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

import io.vertx.core.http.HttpClosedException;

/** Failures that mean the upstream could not be reached or dropped the connection: worth another attempt. */
public final class ConnectionFailures {

    private ConnectionFailures() {
    }

    public static boolean isConnectionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException || cause instanceof HttpClosedException
                    || cause instanceof io.netty.channel.ConnectTimeoutException
                    || (cause instanceof IOException io && io.getMessage() != null
                            && (io.getMessage().contains("Connection reset") || io.getMessage().contains("Broken pipe")))) {
                return true;
            }
        }
        return false;
    }
}
