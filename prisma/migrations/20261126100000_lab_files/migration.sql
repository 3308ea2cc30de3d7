-- CreateTable
CREATE TABLE "LabFile" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LabFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LabFile_orgId_idx" ON "LabFile"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "LabFile_clusterId_name_key" ON "LabFile"("clusterId", "name");

-- AddForeignKey
ALTER TABLE "LabFile" ADD CONSTRAINT "LabFile_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
