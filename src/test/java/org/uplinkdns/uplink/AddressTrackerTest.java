package org.uplinkdns.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.uplinkdns.uplink.FakeHost.global;
import static org.uplinkdns.uplink.FakeHost.labelled;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.uplinkdns.config.UplinkConfig;
import org.uplinkdns.uplink.HostAddress.Flag;
import org.uplinkdns.uplink.HostAddress.Scope;

/** The tracker against a fake host: the test says what the kernel reports, then reads or fires an event. */
class AddressTrackerTest {

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static UplinkConfig byInterface(String name, String iface) {
        return new UplinkConfig(name, Optional.empty(), Optional.of(iface), Optional.empty(), Optional.empty(), 1);
    }

    static UplinkConfig byAddress(String name, String address) {
        return new UplinkConfig(name, Optional.of(ip(address)), Optional.empty(), Optional.empty(), Optional.empty(), 1);
    }

    private static List<String> addresses(UplinkTable t, String uplink) {
        return t.byName(uplink).orElseThrow().addresses().stream().map(InetAddress::getHostAddress).toList();
    }

    @Test
    void anUplinkByInterfaceListensOnItsGlobalAddressesIpv4FirstDeprecatedLast() {
        FakeHost host = new FakeHost();
        host.set(
                global("eth1", "2001:db8:1::30", Flag.DEPRECATED),
                global("eth1", "2001:db8:1::20"),
                global("eth1", "198.51.100.11", Flag.SECONDARY),
                global("eth1", "198.51.100.10"),
                new HostAddress("eth1", "eth1", ip("fe80::1"), 64, Scope.LINK, Set.of()),
                global("eth1", "2001:db8:1::40", Flag.TENTATIVE),
                global("eth1", "2001:db8:1::41", Flag.TENTATIVE, Flag.DADFAILED),
                global("eth1", "2001:db8:1::50", Flag.TEMPORARY),
                global("eth2", "203.0.113.10"));
        try (AddressTracker tracker = new AddressTracker(List.of(byInterface("isp1", "eth1")), host)) {
            UplinkTable t = tracker.refresh().orElseThrow();
            assertEquals(List.of("198.51.100.10", "198.51.100.11", "2001:db8:1:0:0:0:0:20", "2001:db8:1:0:0:0:0:30"),
                    addresses(t, "isp1"));
            Uplink isp1 = t.byName("isp1").orElseThrow();
            assertEquals(Set.of(ip("2001:db8:1::30")), isp1.deprecated());
            assertEquals(ip("2001:db8:1::20"), isp1.answerV6().orElseThrow());
        }
    }

    @Test
    void aMissingInterfaceIsNotFatalAndIsPickedUpWhenItAppears() {
        FakeHost host = new FakeHost();
        host.set(global("eth1", "198.51.100.10"));
        try (AddressTracker tracker = new AddressTracker(
                List.of(byInterface("isp1", "eth1"), byInterface("isp2", "eth2")), host)) {
            UplinkTable first = tracker.refresh().orElseThrow();
            assertEquals(List.of(), addresses(first, "isp2"));
            assertEquals(2, first.byName("isp2").orElseThrow().number());

            host.set(global("eth1", "198.51.100.10"), global("eth2", "203.0.113.10"), global("eth2", "2001:db8:2::10"));
            UplinkTable second = tracker.refresh().orElseThrow();
            assertEquals(List.of("203.0.113.10", "2001:db8:2:0:0:0:0:10"), addresses(second, "isp2"));
            assertEquals(List.of("198.51.100.10"), addresses(second, "isp1"));
        }
    }

    @Test
    void aNewTableIsPublishedOnlyWhenSomethingChanged() {
        FakeHost host = new FakeHost();
        host.set(global("eth1", "198.51.100.10"));
        try (AddressTracker tracker = new AddressTracker(List.of(byInterface("isp1", "eth1")), host)) {
            assertTrue(tracker.refresh().isPresent());
            assertTrue(tracker.refresh().isEmpty(), "same addresses: nothing to publish");
            host.set(global("eth1", "198.51.100.20"));
            UplinkTable renumbered = tracker.refresh().orElseThrow();
            assertEquals(List.of("198.51.100.20"), addresses(renumbered, "isp1"));
            assertEquals(renumbered, tracker.table());
            host.set(global("eth1", "198.51.100.20", Flag.SECONDARY));
            assertTrue(tracker.refresh().isEmpty(), "flags that change nothing for uplinkdns publish nothing");
        }
    }

    @Test
    void aFailedReadKeepsTheLastKnownAddresses() {
        FakeHost host = new FakeHost();
        host.set(global("eth1", "198.51.100.10"));
        try (AddressTracker tracker = new AddressTracker(List.of(byInterface("isp1", "eth1")), host)) {
            tracker.refresh();
            host.failing = true;
            assertTrue(tracker.refresh().isEmpty());
            assertEquals(List.of("198.51.100.10"), addresses(tracker.table(), "isp1"));
        }
    }

    @Test
    void anAddressIsNeverGivenToTwoUplinks() {
        FakeHost host = new FakeHost();
        // The same address on two interfaces (the kernel allows it), and a fixed uplink's address on eth1.
        host.set(global("eth1", "198.51.100.10"), global("eth1", "198.51.100.99"), global("eth2", "198.51.100.10"),
                global("eth2", "203.0.113.10"));
        try (AddressTracker tracker = new AddressTracker(List.of(
                byAddress("fixed", "198.51.100.99"), byInterface("isp1", "eth1"), byInterface("isp2", "eth2")), host)) {
            UplinkTable t = tracker.refresh().orElseThrow();
            assertEquals(List.of("198.51.100.99"), addresses(t, "fixed"));
            assertEquals(List.of("198.51.100.10"), addresses(t, "isp1"));
            assertEquals(List.of("203.0.113.10"), addresses(t, "isp2"));
        }
    }

    @Test
    void anIpv4LabelIsAnUplinkOfItsOwn() {
        FakeHost host = new FakeHost();
        host.set(labelled("eth1", "eth1", "198.51.100.10"), labelled("eth1", "eth1:2", "203.0.113.10"),
                labelled("eth1", "eth1:3", "203.0.113.30"));
        try (AddressTracker tracker = new AddressTracker(
                List.of(byInterface("isp1", "eth1"), byInterface("isp2", "eth1:2")), host)) {
            UplinkTable t = tracker.refresh().orElseThrow();
            assertEquals(List.of("198.51.100.10", "203.0.113.30"), addresses(t, "isp1"), "unclaimed labels stay the device's");
            assertEquals(List.of("203.0.113.10"), addresses(t, "isp2"));
        }
    }

    @Test
    void publicAddressesAndFixedUplinksComeFromTheConfig() {
        FakeHost host = new FakeHost();
        host.set(global("ppp0", "10.0.0.2"));
        UplinkConfig natted = new UplinkConfig("isp1", Optional.empty(), Optional.of("ppp0"),
                Optional.of((Inet4Address) ip("198.51.100.10")), Optional.of((Inet6Address) ip("2001:db8:1::10")), 3);
        try (AddressTracker tracker = new AddressTracker(List.of(natted, byAddress("isp2", "203.0.113.10")), host)) {
            UplinkTable t = tracker.refresh().orElseThrow();
            Uplink isp1 = t.byName("isp1").orElseThrow();
            assertEquals(List.of(ip("10.0.0.2")), isp1.addresses());
            assertEquals(ip("198.51.100.10"), isp1.answerFor(ip("10.0.0.2"), false).orElseThrow());
            assertEquals(List.of("203.0.113.10"), addresses(t, "isp2"));
        }
    }

    @Test
    void reconfigureAppliesAReloadedUplinkListWithoutReadingAgain() {
        FakeHost host = new FakeHost();
        host.set(global("eth1", "198.51.100.10"), global("eth2", "203.0.113.10"));
        try (AddressTracker tracker = new AddressTracker(List.of(byInterface("isp1", "eth1")), host)) {
            tracker.refresh();
            int reads = host.reads;
            UplinkTable t = tracker.reconfigure(List.of(byInterface("isp1", "eth1"), byInterface("isp2", "eth2")));
            assertEquals(reads, host.reads);
            assertEquals(List.of("203.0.113.10"), addresses(t, "isp2"));
            assertEquals(t, tracker.table());
        }
    }

    @Test
    void changeLogLinesShowBeforeAndAfterPerFamily() {
        Uplink u = new Uplink("isp1", 1, List.of(ip("198.51.100.20"), ip("2001:db8:1::20"), ip("2001:db8:1::10")),
                Optional.empty(), Optional.empty(), Health.UP, Set.of(ip("2001:db8:1::10")));
        assertEquals("198.51.100.20", AddressTracker.describe(u, true));
        assertEquals("2001:db8:1::20, 2001:db8:1::10 (deprecated)", AddressTracker.describe(u, false));
        assertEquals("none", AddressTracker.describe(null, true));
    }

    @Test
    void eventsArePublishedToTheListenerAndBurstsAreFoldedIntoFewReads() throws Exception {
        FakeHost host = new FakeHost();
        host.set(global("eth1", "198.51.100.10"));
        BlockingQueue<UplinkTable> published = new LinkedBlockingQueue<>();
        AddressTracker tracker = new AddressTracker(List.of(byInterface("isp1", "eth1")), host);
        tracker.refresh();
        tracker.start(published::add);
        try {
            assertTrue(host.onEvent != null, "the tracker watches its source");
            host.set(global("eth1", "198.51.100.20"));
            int readsBefore = host.reads;
            for (int i = 0; i < 200; i++) {
                host.onEvent.run();
            }
            UplinkTable t = published.poll(5, TimeUnit.SECONDS);
            assertEquals(List.of("198.51.100.20"), addresses(t, "isp1"));
            assertTrue(host.reads - readsBefore < 20, "200 events in a burst took " + (host.reads - readsBefore) + " reads");
        } finally {
            tracker.close();
        }
        assertTrue(host.closed, "closing the tracker closes its source");
        assertEquals(List.of(), liveTrackerThreads(), "no tracker thread left");
    }

    @Test
    void flappingLeavesNoThreadsBehind() throws Exception {
        for (int round = 0; round < 20; round++) {
            FakeHost host = new FakeHost();
            host.set(global("eth1", "198.51.100.10"));
            AddressTracker tracker = new AddressTracker(List.of(byInterface("isp1", "eth1")), host);
            List<UplinkTable> published = new ArrayList<>();
            tracker.start(published::add);
            for (int i = 0; i < 10; i++) {
                host.set(i % 2 == 0 ? new HostAddress[0] : new HostAddress[] {global("eth1", "198.51.100.10")});
                host.onEvent.run();
            }
            tracker.close();
        }
        assertEquals(List.of(), liveTrackerThreads());
    }

    /** Threads of closed trackers, given a moment to finish exiting. */
    private static List<String> liveTrackerThreads() throws InterruptedException {
        List<String> live = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("uplink-")) {
                t.join(2000);
                if (t.isAlive()) {
                    live.add(t.getName());
                }
            }
        }
        return live;
    }
}
