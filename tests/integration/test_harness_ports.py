"""The harness's own promise that a test talks to its own program: two tests' free ports can
be one port, and then the program that answers /v1/health there may be another test's. A
program started on a port another program holds moves to a new one; one given that port
explicitly fails saying why, never hands its test the other program. The same for the
tests' PostgreSQL cluster."""
import socket
import unittest

import pg_cluster
from kopilka_harness import Daemon, Office
from listeners import PortTaken, listens_on


class HarnessPortTest(unittest.TestCase):
    def test_a_program_whose_port_is_taken_moves_to_a_free_one(self):
        first = Office().started_for(self)
        second = Office().for_test(self)
        taken = second.port
        # As if free_port() had named the same port twice.
        text = second.config_path.read_text().replace(f":{taken}\"", f":{first.port}\"")
        second.config_path.write_text(text)
        second.port = first.port
        second.start()
        self.assertNotEqual(second.port, first.port)
        self.assertTrue(listens_on(second.proc.pid, second.port))
        self.assertFalse(listens_on(second.proc.pid, first.port))
        self.assertTrue(listens_on(first.proc.pid, first.port))
        # Each answers on its own port: a card put at one is not at the other.
        card = "2000000000015"
        self.assertEqual(first.admin("PUT", f"/v1/admin/cards/{card}", {})[0], 201)
        self.assertEqual(second.admin("GET", f"/v1/cards/{card}")[0], 404)

    def test_a_port_given_explicitly_is_not_moved(self):
        office = Office().started_for(self)
        daemon = Daemon(port=office.port).for_test(self)
        with self.assertRaises(PortTaken):
            daemon.start()
        self.assertFalse(listens_on(daemon.proc.pid, office.port))

    def test_only_the_listening_process_holds_its_port(self):
        office = Office().started_for(self)
        daemon = Daemon().started_for(self)
        self.assertTrue(listens_on(office.proc.pid, office.port))
        self.assertFalse(listens_on(office.proc.pid, daemon.port))
        self.assertFalse(listens_on(daemon.proc.pid, office.port))

    def test_a_cluster_whose_port_is_taken_moves_to_a_free_one(self):
        cluster = pg_cluster.Cluster(pg_cluster.pg_bin_dir())
        with socket.socket() as holder:
            holder.bind(("127.0.0.1", cluster.port))
            holder.listen()
            taken = cluster.port
            cluster.start()
            self.addCleanup(cluster.stop)
            self.assertNotEqual(cluster.port, taken)
            self.assertEqual(cluster.psql("SELECT 1"), "1")


if __name__ == "__main__":
    unittest.main()
