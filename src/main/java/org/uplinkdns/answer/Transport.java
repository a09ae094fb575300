package org.uplinkdns.answer;

/** How a query arrived; decides the response size limit. */
public enum Transport {
    UDP,
    TCP;
}
