package dev.dnevnik.transcription.transcript;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.UuidGenerator;
import org.hibernate.type.SqlTypes;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a provider recognised in one uploaded recording. The audio itself is not kept. */
@Entity
@Table(name = "transcripts")
public class Transcript {

    @Id
    @UuidGenerator(style = UuidGenerator.Style.VERSION_7)
    private UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(nullable = false)
    private String text;

    private String language;

    @Column(name = "duration_seconds")
    private Double durationSeconds;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private Timeline timeline = new Timeline(List.of());

    @Column(nullable = false)
    private String provider;

    @Column(nullable = false)
    private String model;

    @Column(name = "audio_format", nullable = false)
    private String audioFormat;

    @Column(name = "audio_bytes", nullable = false)
    private long audioBytes;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** A stretch of the recording and its text, in seconds from the start. */
    @RegisterForReflection
    public record Segment(double start, double end, String text) {
    }

    /** The timed segments, kept as one JSON object. */
    @RegisterForReflection
    public record Timeline(List<Segment> segments) {
    }

    public UUID getId() {
        return id;
    }

    public UUID getUserId() {
        return userId;
    }

    public void setUserId(UUID userId) {
        this.userId = userId;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text;
    }

    public String getLanguage() {
        return language;
    }

    public void setLanguage(String language) {
        this.language = language;
    }

    public Double getDurationSeconds() {
        return durationSeconds;
    }

    public void setDurationSeconds(Double durationSeconds) {
        this.durationSeconds = durationSeconds;
    }

    public List<Segment> getSegments() {
        return timeline == null || timeline.segments() == null ? List.of() : timeline.segments();
    }

    public void setSegments(List<Segment> segments) {
        this.timeline = new Timeline(List.copyOf(segments));
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getAudioFormat() {
        return audioFormat;
    }

    public void setAudioFormat(String audioFormat) {
        this.audioFormat = audioFormat;
    }

    public long getAudioBytes() {
        return audioBytes;
    }

    public void setAudioBytes(long audioBytes) {
        this.audioBytes = audioBytes;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }
}
