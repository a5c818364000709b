/** The simulator scale case (rally simulate --stocks 500 --years 30, then a run); filled in with the simulator. */
export async function runScaleBench(): Promise<void> {
  console.log('\nscale case: not measured (the simulator is not built yet)');
}
