"""What the kit draws and prints: charts (matplotlib ``Figure``, never pyplot state), the
pyramid, PDF set-up, handout, intervisiecontract, report and bewijs van deelname."""
