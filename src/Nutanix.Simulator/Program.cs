// Entry point of nutanix-sim.
return 0;
