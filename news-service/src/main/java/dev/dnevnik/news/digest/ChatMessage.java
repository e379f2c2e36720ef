package dev.dnevnik.news.digest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One message of a chat-completions conversation: {@code role} is system, user or assistant. */
@RegisterForReflection
public record ChatMessage(String role, String content) {

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }
}
