"""One module per screen. Views hold widgets only; they call state actions and observe state."""
