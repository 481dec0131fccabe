"""The seeded councils' boards, meetings and voice (`seed`), and the demonstration layer
(`seed --demo`)."""
