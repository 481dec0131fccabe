"""A plan's reporting cycle: its cadence and periods (aligned to its boards' meetings when
the owner chooses), a period's update deadline, and pausing reminders. The pages live in
governance because meetings do; the writes are actionplans.cycle's services."""
