package org.uplinkdns.config;

/** A bound object that remembers the line it started on; set by {@link LineRecordingModule}. */
abstract class Located {
    int line;
}
