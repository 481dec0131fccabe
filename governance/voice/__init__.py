"""You said, we did: what young people asked for, and what the council did about it."""
