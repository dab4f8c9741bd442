"""Gap report: the standards a jurisdiction's law does not (fully) meet, binding ones first,
each with what a reform should contain and the evidence or the missing element."""
