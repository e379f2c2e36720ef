#!/usr/bin/env bash
# Regenerates the spoken test clips in this folder (committed, so tests need neither tool):
# a 3.0 s English sentence spoken by espeak-ng, encoded in the formats clients upload.
# Needs: espeak-ng, ffmpeg (Debian: apt install espeak-ng ffmpeg).
set -euo pipefail
cd "$(dirname "$0")"
raw="$(mktemp --suffix=.wav)"
trap 'rm -f "$raw"' EXIT

espeak-ng -v en -s 160 -w "$raw" "Today I walked in the park and read a book."
# exactly 3.0 seconds of 16 kHz mono: padded with silence or trimmed
ffmpeg -loglevel error -y -i "$raw" -ar 16000 -ac 1 -af apad -t 3 speech-3s.wav
ffmpeg -loglevel error -y -i speech-3s.wav -c:a libopus -b:a 24k speech.ogg
ffmpeg -loglevel error -y -i speech-3s.wav -c:a libopus -b:a 24k speech.webm
ffmpeg -loglevel error -y -i speech-3s.wav -c:a libmp3lame -b:a 32k speech.mp3
ffmpeg -loglevel error -y -i speech-3s.wav -c:a flac speech.flac
ffmpeg -loglevel error -y -i speech-3s.wav -c:a aac -b:a 32k speech.m4a
ffmpeg -loglevel error -y -i speech-3s.wav -c:a aac -b:a 32k -f mp4 speech.mp4
