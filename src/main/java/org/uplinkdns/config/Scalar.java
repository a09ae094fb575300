package org.uplinkdns.config;

/** A scalar value from the file together with its line, so validation can point at it. */
record Scalar(String value, int line) {}
